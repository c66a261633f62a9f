import { isUnresolved, requireProp } from '../../core';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/**
 * Converts a backup interval into a 5-field cron expression (UTC) that fires at exactly that
 * interval, with no short or long gap at the hour or day boundary.
 *
 * A cron step only repeats evenly when it divides its field's range: `*\/7 * * * *` fires at
 * :00, :07, ... :56 and then :00 again, a 4-minute gap. So the interval must divide an hour
 * (5, 6, 10, 12, 15, 20, 30 minutes) or be a whole number of hours that divides a day
 * (1, 2, 3, 4, 6, 8, 12, 24 hours). Anything else is rejected rather than silently rounded,
 * because the RPO estimate is computed from this interval.
 *
 * Examples: 5 -> `*\/5 * * * *`; 60 -> `0 * * * *`; 360 -> `0 *\/6 * * *`; 1440 -> `0 0 * * *`.
 */
export function intervalToCron(prop: string, intervalMinutes: number): string {
  if (isUnresolved(intervalMinutes)) {
    throw new Error(`${prop} must be a literal number, not a token: it is turned into a cron schedule at synth time`);
  }
  requireProp(Number.isInteger(intervalMinutes) && intervalMinutes >= 5, prop, intervalMinutes, 'must be a whole number of minutes >= 5');
  requireProp(intervalMinutes <= MINUTES_PER_DAY, prop, intervalMinutes, `must be at most ${MINUTES_PER_DAY} (one backup a day) for a warm standby`);
  const evenRule =
    'must divide 60 (5, 6, 10, 12, 15, 20, 30) or be a whole number of hours dividing 24 (60, 120, 180, 240, 360, 480, 720, 1440) so backups run at even intervals';
  if (intervalMinutes < MINUTES_PER_HOUR) {
    requireProp(MINUTES_PER_HOUR % intervalMinutes === 0, prop, intervalMinutes, evenRule);
    return `*/${intervalMinutes} * * * *`;
  }
  const hours = intervalMinutes / MINUTES_PER_HOUR;
  requireProp(Number.isInteger(hours) && 24 % hours === 0, prop, intervalMinutes, evenRule);
  if (hours === 1) return '0 * * * *';
  if (hours === 24) return '0 0 * * *';
  return `0 */${hours} * * *`;
}
