import { ITerraformDependable, TerraformResource, dependable } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Makes every Terraform resource under `construct` depend on `targets`, rendered as `depends_on`.
 * (`construct.node.addDependency` only orders constructs; cdktf renders nothing for it.) `only` narrows
 * it to some of those resources.
 */
export function dependOn(construct: IConstruct, targets: ITerraformDependable[], only: (r: TerraformResource) => boolean = () => true): void {
  for (const child of construct.node.findAll()) {
    if (!(child instanceof TerraformResource) || !only(child)) continue;
    const existing = child.dependsOn ?? [];
    const added = targets.map((t) => dependable(t)).filter((d) => !existing.includes(d));
    child.dependsOn = [...existing, ...added];
  }
}
