// cdktf's jest matchers (toHaveResourceWithProperties, ...) and their type declarations, for the suites
// that use them; loading cdktf in every suite's setup cost about 0.2 s of CPU in each of the ~40 that
// never touch it.
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
