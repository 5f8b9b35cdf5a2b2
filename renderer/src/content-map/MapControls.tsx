import type { ReactNode } from 'react';
import { progressFigures } from '../jobs/format-job';
import { levelName, runningPass, type MapLevel } from './map-store';

interface MapControlsProps {
  level: MapLevel;
  /** The range before this one, when this is a range zoomed into. */
  parent: MapLevel | null;
  onQuick: () => void;
  onRefine: () => void;
  onCancel: () => void;
  onUp: () => void;
  children?: ReactNode;
}

/**
 * Quick map, Refine (a full map), Cancel and the map's progress, then `children` (the zoom
 * buttons) on the same row; Back from a range.
 */
export function MapControls(props: MapControlsProps) {
  const { level, parent, onQuick, onRefine, onCancel, onUp, children } = props;
  const running = runningPass(level);
  const figures = running?.progress ? progressFigures(running.progress) : null;
  const quickDone = level.quick?.status === 'done';
  const fullDone = level.full?.status === 'done';
  const failed = [level.full, level.quick].find((pass) => pass?.status === 'failed');

  return (
    <div className="content-map-controls">
      {parent ? (
        <div className="content-map-level">
          <span>
            Range <strong>{levelName(level)}</strong>
          </span>
          <button type="button" onClick={onUp}>
            Back to {levelName(parent)}
          </button>
        </div>
      ) : null}
      <div className="content-map-actions">
        {running ? (
          <>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            <span className="content-map-progress">
              {running.mode} map
              <span
                className="content-map-bar"
                role="progressbar"
                aria-label={`${running.mode} map progress`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(figures?.percent ?? 0)}
              >
                <span style={{ width: `${figures?.percent ?? 0}%` }} />
              </span>
              {figures ? `${Math.floor(figures.percent)}%` : 'starting…'}
            </span>
          </>
        ) : (
          <>
            <button
              type="button"
              className={level.quick ? undefined : 'primary'}
              onClick={onQuick}
              title="Reads 8 samples of 4 KiB in each of 4,096 cells: seconds on an SSD"
            >
              {level.quick ? 'Quick map again' : 'Quick map'}
            </button>
            {quickDone && !fullDone ? (
              <button
                type="button"
                onClick={onRefine}
                title="Reads every byte, as a hash job does, and refines the cells as it goes"
              >
                Refine (full map)
              </button>
            ) : null}
          </>
        )}
        {children}
      </div>
      {failed?.error ? (
        <p className="content-map-error" role="alert">
          {failed.error}
        </p>
      ) : null}
      {level.error ? (
        <p className="content-map-error" role="alert">
          {level.error}
        </p>
      ) : null}
    </div>
  );
}
