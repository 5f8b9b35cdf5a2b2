/*
 * faulty-disk: a FUSE file system that serves one disk image, read-only, and fails or delays
 * reads that overlap chosen byte ranges. A loop device on top of the served file then has real
 * unreadable (EIO) or slow sectors, for tests. Never writes to the backing image.
 *
 * Build: gcc -O2 -Wall faulty-disk.c $(pkg-config --cflags --libs fuse3) -o faulty-disk
 * Usage: faulty-disk --image=PATH [options] MOUNTPOINT [-f] [-s] [-o FUSE_OPTIONS]
 * Ranges: comma-separated START or START+COUNT (decimal), e.g. --bad-sectors=7,100+3.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <fuse_lowlevel.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct range {
  uint64_t start; /* bytes, inclusive */
  uint64_t end;   /* bytes, exclusive */
};

struct range_list {
  struct range *items;
  size_t count;
};

struct options {
  char *image;
  char *name;
  char *sector_size;
  char *bad_bytes;
  char *bad_sectors;
  char *delay_bytes;
  char *delay_sectors;
  char *delay_ms;
  int log_reads;
  int exit_with_parent;
  int show_help;
};

static struct options opts;

static struct {
  int fd;
  uint64_t size;
  char path[4096]; /* "/" + name */
  struct range_list bad;
  struct range_list delayed; /* empty with delay_ms > 0 means every read */
  unsigned long delay_ms;
  struct timespec image_mtime;
} disk = {.fd = -1};

#define OPTION(t, p) {t, offsetof(struct options, p), 1}
static const struct fuse_opt option_spec[] = {
    OPTION("--image=%s", image),
    OPTION("--name=%s", name),
    OPTION("--sector-size=%s", sector_size),
    OPTION("--bad-bytes=%s", bad_bytes),
    OPTION("--bad-sectors=%s", bad_sectors),
    OPTION("--delay-bytes=%s", delay_bytes),
    OPTION("--delay-sectors=%s", delay_sectors),
    OPTION("--delay-ms=%s", delay_ms),
    OPTION("--log-reads", log_reads),
    OPTION("--exit-with-parent", exit_with_parent),
    OPTION("-h", show_help),
    OPTION("--help", show_help),
    FUSE_OPT_END,
};

static void usage(const char *program) {
  fprintf(stderr,
          "usage: %s --image=PATH [options] MOUNTPOINT [-f] [-s] [-o FUSE_OPTIONS]\n"
          "Serves PATH read-only as MOUNTPOINT/NAME; reads overlapping a bad range fail with EIO,\n"
          "reads overlapping a delay range sleep first.\n"
          "  --image=PATH            backing disk image (opened O_RDONLY, never written)\n"
          "  --name=NAME             name of the served file (default disk.img)\n"
          "  --sector-size=N         unit of the *-sectors options (default 512)\n"
          "  --bad-bytes=RANGES      byte ranges that fail, START[+LENGTH],...\n"
          "  --bad-sectors=RANGES    sector ranges that fail, LBA[+COUNT],...\n"
          "  --delay-ms=N            sleep N ms before answering delayed reads\n"
          "  --delay-bytes=RANGES    byte ranges that are delayed (default: every read)\n"
          "  --delay-sectors=RANGES  sector ranges that are delayed\n"
          "  --log-reads             print each read (offset, size, outcome) on stderr\n"
          "  --exit-with-parent      unmount and exit when the parent process dies\n",
          program);
}

static int parse_u64(const char *text, uint64_t *out) {
  if (text == NULL || *text < '0' || *text > '9') return -1;
  errno = 0;
  char *end = NULL;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0') return -1;
  *out = value;
  return 0;
}

/* Parses "A,B+N,..." scaled by unit into half-open byte ranges appended to list. */
static int parse_ranges(const char *option, const char *text, uint64_t unit,
                        struct range_list *list) {
  if (text == NULL) return 0;
  char *copy = strdup(text);
  if (copy == NULL) return -1;
  char *saveptr = NULL;
  for (char *item = strtok_r(copy, ",", &saveptr); item != NULL;
       item = strtok_r(NULL, ",", &saveptr)) {
    uint64_t start = 0, count = 1;
    char *plus = strchr(item, '+');
    if (plus != NULL) *plus = '\0';
    if (parse_u64(item, &start) != 0 || (plus != NULL && parse_u64(plus + 1, &count) != 0) ||
        count == 0 || start > UINT64_MAX / unit || count > UINT64_MAX / unit ||
        start * unit > UINT64_MAX - count * unit) {
      fprintf(stderr,
              "faulty-disk: %s: '%s%s%s' is not a range; write START or START+COUNT with "
              "decimal numbers and COUNT > 0, separated by commas\n",
              option, item, plus != NULL ? "+" : "", plus != NULL ? plus + 1 : "");
      free(copy);
      return -1;
    }
    struct range *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (grown == NULL) {
      free(copy);
      return -1;
    }
    list->items = grown;
    list->items[list->count++] = (struct range){start * unit, start * unit + count * unit};
  }
  free(copy);
  if (list->count == 0) {
    fprintf(stderr, "faulty-disk: %s is empty; give at least one range\n", option);
    return -1;
  }
  return 0;
}

static int overlaps(const struct range_list *list, uint64_t start, uint64_t end) {
  for (size_t i = 0; i < list->count; i++) {
    if (start < list->items[i].end && list->items[i].start < end) return 1;
  }
  return 0;
}

/* Sleeps in short slices so that unmounting (session exit) is never held up by a long delay. */
static int sleep_unless_exiting(unsigned long ms) {
  struct fuse_session *session = fuse_get_session(fuse_get_context()->fuse);
  while (ms > 0) {
    unsigned long slice = ms < 20 ? ms : 20;
    struct timespec pause = {.tv_sec = 0, .tv_nsec = (long)slice * 1000000L};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
    }
    ms -= slice;
    if (fuse_session_exited(session)) return -1;
  }
  return 0;
}

static void *fd_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  cfg->direct_io = 1;
  cfg->kernel_cache = 0;
  cfg->attr_timeout = 3600;
  cfg->entry_timeout = 3600;
  return NULL;
}

static int fd_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  (void)fi;
  memset(st, 0, sizeof *st);
  st->st_uid = getuid();
  st->st_gid = getgid();
  st->st_mtim = disk.image_mtime;
  st->st_ctim = disk.image_mtime;
  st->st_atim = disk.image_mtime;
  if (strcmp(path, "/") == 0) {
    st->st_mode = S_IFDIR | 0555;
    st->st_nlink = 2;
    return 0;
  }
  if (strcmp(path, disk.path) == 0) {
    st->st_mode = S_IFREG | 0444;
    st->st_nlink = 1;
    st->st_size = (off_t)disk.size;
    st->st_blksize = 4096;
    st->st_blocks = (blkcnt_t)((disk.size + 511) / 512);
    return 0;
  }
  return -ENOENT;
}

static int fd_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t offset,
                      struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
  (void)offset;
  (void)fi;
  (void)flags;
  if (strcmp(path, "/") != 0) return -ENOENT;
  fill(buf, ".", NULL, 0, 0);
  fill(buf, "..", NULL, 0, 0);
  fill(buf, disk.path + 1, NULL, 0, 0);
  return 0;
}

static int fd_open(const char *path, struct fuse_file_info *fi) {
  if (strcmp(path, disk.path) != 0) return -ENOENT;
  if ((fi->flags & O_ACCMODE) != O_RDONLY) return -EROFS;
  fi->direct_io = 1; /* no page cache: every read reaches fd_read */
  fi->keep_cache = 0;
  return 0;
}

static int fd_read(const char *path, char *buf, size_t size, off_t offset,
                   struct fuse_file_info *fi) {
  (void)path;
  (void)fi;
  if (offset < 0) return -EINVAL;
  uint64_t start = (uint64_t)offset;
  uint64_t end = start + size;
  if (disk.delay_ms > 0 && (disk.delayed.count == 0 || overlaps(&disk.delayed, start, end))) {
    if (opts.log_reads) {
      fprintf(stderr, "faulty-disk: read %" PRIu64 "+%zu delayed %lu ms\n", start, size,
              disk.delay_ms);
    }
    if (sleep_unless_exiting(disk.delay_ms) != 0) return -EIO;
  }
  if (overlaps(&disk.bad, start, end)) {
    if (opts.log_reads) fprintf(stderr, "faulty-disk: read %" PRIu64 "+%zu EIO\n", start, size);
    return -EIO;
  }
  size_t done = 0;
  while (done < size) {
    ssize_t n = pread(disk.fd, buf + done, size - done, offset + (off_t)done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    if (n == 0) break;
    done += (size_t)n;
  }
  if (opts.log_reads) fprintf(stderr, "faulty-disk: read %" PRIu64 "+%zu ok\n", start, size);
  return (int)done;
}

static int refuse_write(const char *path, const char *buf, size_t size, off_t offset,
                        struct fuse_file_info *fi) {
  (void)path, (void)buf, (void)size, (void)offset, (void)fi;
  return -EROFS;
}
static int refuse_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
  (void)path, (void)size, (void)fi;
  return -EROFS;
}
static int refuse_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
  (void)path, (void)mode, (void)fi;
  return -EROFS;
}
static int refuse_path(const char *path) {
  (void)path;
  return -EROFS;
}
static int refuse_mode(const char *path, mode_t mode) {
  (void)path, (void)mode;
  return -EROFS;
}
static int refuse_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
  (void)path, (void)mode, (void)fi;
  return -EROFS;
}
static int refuse_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
  (void)path, (void)uid, (void)gid, (void)fi;
  return -EROFS;
}
static int refuse_rename(const char *from, const char *to, unsigned int flags) {
  (void)from, (void)to, (void)flags;
  return -EROFS;
}
static int refuse_utimens(const char *path, const struct timespec tv[2],
                          struct fuse_file_info *fi) {
  (void)path, (void)tv, (void)fi;
  return -EROFS;
}

static const struct fuse_operations operations = {
    .init = fd_init,
    .getattr = fd_getattr,
    .readdir = fd_readdir,
    .open = fd_open,
    .read = fd_read,
    .write = refuse_write,
    .truncate = refuse_truncate,
    .create = refuse_create,
    .unlink = refuse_path,
    .rmdir = refuse_path,
    .mkdir = refuse_mode,
    .chmod = refuse_chmod,
    .chown = refuse_chown,
    .rename = refuse_rename,
    .utimens = refuse_utimens,
};

static int configure(void) {
  if (opts.image == NULL) {
    fprintf(stderr, "faulty-disk: no backing image; pass --image=PATH\n");
    return -1;
  }
  const char *name = opts.name != NULL ? opts.name : "disk.img";
  if (*name == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
      strcmp(name, "..") == 0 || strlen(name) + 2 > sizeof disk.path) {
    fprintf(stderr, "faulty-disk: --name='%s' is not a plain file name\n", name);
    return -1;
  }
  snprintf(disk.path, sizeof disk.path, "/%s", name);

  uint64_t sector_size = 512;
  if (opts.sector_size != NULL &&
      (parse_u64(opts.sector_size, &sector_size) != 0 || sector_size == 0 ||
       (sector_size & (sector_size - 1)) != 0)) {
    fprintf(stderr, "faulty-disk: --sector-size='%s' must be a power of two such as 512 or 4096\n",
            opts.sector_size);
    return -1;
  }
  if (parse_ranges("--bad-bytes", opts.bad_bytes, 1, &disk.bad) != 0 ||
      parse_ranges("--bad-sectors", opts.bad_sectors, sector_size, &disk.bad) != 0 ||
      parse_ranges("--delay-bytes", opts.delay_bytes, 1, &disk.delayed) != 0 ||
      parse_ranges("--delay-sectors", opts.delay_sectors, sector_size, &disk.delayed) != 0) {
    return -1;
  }
  if (opts.delay_ms != NULL) {
    uint64_t ms = 0;
    if (parse_u64(opts.delay_ms, &ms) != 0 || ms > 24ULL * 3600 * 1000) {
      fprintf(stderr, "faulty-disk: --delay-ms='%s' must be milliseconds from 0 to 86400000\n",
              opts.delay_ms);
      return -1;
    }
    disk.delay_ms = (unsigned long)ms;
  }
  if (disk.delayed.count > 0 && disk.delay_ms == 0) {
    fprintf(stderr, "faulty-disk: delay ranges given without --delay-ms=N; add it\n");
    return -1;
  }

  disk.fd = open(opts.image, O_RDONLY | O_CLOEXEC);
  if (disk.fd < 0) {
    fprintf(stderr, "faulty-disk: cannot open image '%s': %s\n", opts.image, strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(disk.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    fprintf(stderr, "faulty-disk: image '%s' is not a regular file\n", opts.image);
    return -1;
  }
  disk.size = (uint64_t)st.st_size;
  disk.image_mtime = st.st_mtim;
  return 0;
}

int main(int argc, char *argv[]) {
  struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
  if (fuse_opt_parse(&args, &opts, option_spec, NULL) != 0) return 2;
  if (opts.show_help) {
    usage(argv[0]);
    fuse_opt_add_arg(&args, "--help");
    args.argv[0][0] = '\0';
  } else if (configure() != 0) {
    fuse_opt_free_args(&args);
    return 2;
  }
  /* A crashed test runner must not leave a mount behind: SIGTERM makes libfuse unmount. */
  if (opts.exit_with_parent) {
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) {
      fprintf(stderr, "faulty-disk: --exit-with-parent: the parent is already gone\n");
      return 2;
    }
  }
  int status = fuse_main(args.argc, args.argv, &operations, NULL);
  fuse_opt_free_args(&args);
  if (disk.fd >= 0) close(disk.fd);
  return status;
}
