import { Construct } from 'constructs';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { requireProp } from '../../core';

/** Parameter every instance of this module carries: clients must use TLS. */
export const FORCE_SSL = 'rds.force_ssl';

/**
 * A PostgreSQL parameter group with `rds.force_ssl=1` plus the caller's extra settings.
 *
 * `rds.force_ssl` is dynamic and applies immediately; extra settings use `pending-reboot`, the
 * apply method both static and dynamic parameters accept. The name carries the family, and the
 * group is created before the old one is destroyed, so a major-version change can swap groups.
 */
export function postgresParameterGroup(
  scope: Construct,
  props: {
    identifier: string;
    family: string;
    parameters: Readonly<Record<string, string>>;
    parametersProp: string;
    tags: Record<string, string>;
  },
): DbParameterGroup {
  const forceSsl = props.parameters[FORCE_SSL];
  requireProp(forceSsl === undefined || forceSsl === '1', `${props.parametersProp}['${FORCE_SSL}']`, forceSsl, 'must be "1": the module requires TLS');
  const extra = Object.entries(props.parameters)
    .filter(([name]) => name !== FORCE_SSL)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, applyMethod: 'pending-reboot' }));
  return new DbParameterGroup(scope, 'ParameterGroup', {
    name: `${props.identifier}-${props.family}`,
    family: props.family,
    description: `${props.family} settings of ${props.identifier}`,
    parameter: [{ name: FORCE_SSL, value: '1', applyMethod: 'immediate' }, ...extra],
    tags: props.tags,
    lifecycle: { createBeforeDestroy: true },
  });
}
