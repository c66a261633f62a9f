import { TerraformElement, Token, ref } from 'cdktf';
import { Construct } from 'constructs';

/**
 * A Terraform `ephemeral` block (Terraform >= 1.10). cdktf 0.21 and the prebuilt provider bindings
 * have no ephemeral-resource classes, so this element renders the block itself: its attributes are
 * opened during plan/apply, handed to write-only arguments (`*_wo`) and never written to plan or state.
 */
export class EphemeralResource extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly resourceType: string,
    private readonly config: Record<string, unknown>,
  ) {
    super(scope, id, `ephemeral.${resourceType}`);
  }

  /** Reference to one attribute, `${ephemeral.<type>.<name>.<attribute>}` (usable only in write-only arguments). */
  public attribute(name: string): string {
    return Token.asString(ref(`ephemeral.${this.resourceType}.${this.friendlyUniqueId}.${name}`, this.cdktfStack));
  }

  public override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [this.resourceType]: { [this.friendlyUniqueId]: { ...this.config } } } };
  }

  public override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}
