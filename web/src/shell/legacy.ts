// web/src/shell/legacy.ts: mnist.html, the MNIST lab's old page, forwards its
// links (mnist.html#lab=mnist-mlp&epochs=1) to the one page, hash kept.
import { legacyTarget } from './link';

const target = legacyTarget(location.pathname, location.hash);
if (target) location.replace(new URL(target, location.href).href);
