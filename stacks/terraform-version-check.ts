import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';

/**
 * cdktf checks the Terraform version for every stack with a cloud backend, an import, a move or a
 * terraform_data, by running `sh -c "terraform version"` each time: 5 times in a prod-eu synth, 213
 * times in one `npm test`. The installed Terraform does not change while a process runs, so each
 * distinct check (binary, command, constraint, hint) runs once per process and its answer, an error
 * included, is given to every stack that asks.
 */
interface VersionCheckFields {
  readonly binary: string;
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
}

const answers = new Map<string, readonly string[]>();
// Called with each check as `this` below.
// eslint-disable-next-line @typescript-eslint/unbound-method
const runCheck = ValidateBinaryVersion.prototype.validate;

ValidateBinaryVersion.prototype.validate = function validateOncePerProcess(this: ValidateBinaryVersion): string[] {
  const check = this as unknown as VersionCheckFields;
  const key = JSON.stringify([check.binary, check.versionCommand, check.versionConstraint, check.hint ?? null]);
  let answer = answers.get(key);
  if (!answer) {
    answer = runCheck.call(this);
    answers.set(key, answer);
  }
  return [...answer];
};
