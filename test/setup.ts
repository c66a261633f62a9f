import { Testing } from 'cdktf';
// Brings the cdktf jest matchers' type declarations (toHaveResourceWithProperties, ...) into every suite.
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
