export const CALL_CHANNEL = 'sectorscope:call';
export const EVENT_CHANNEL = 'sectorscope:event';
