import type { ControlRoute } from './route.js';
import { clockRoutes } from './clockRoutes.js';

/** Every control-plane operation, in the order the router tries them. */
export const CONTROL_ROUTES: readonly ControlRoute[] = [...clockRoutes];
