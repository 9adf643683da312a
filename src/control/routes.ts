import type { ControlRoute } from './route.js';
import { clockRoutes } from './clockRoutes.js';
import { stateRoutes } from './stateRoutes.js';
import { cardRoutes } from './cardRoutes.js';
import { faultRoutes } from './faultRoutes.js';
import { journalRoutes } from './journalRoutes.js';
import { settingsRoutes } from './settingsRoutes.js';
import { overviewRoutes } from './overviewRoutes.js';
import { cardViewRoutes } from './cardViewRoutes.js';
import { eventRoutes } from './eventRoutes.js';
import { healthRoutes } from './healthRoutes.js';
import { openapiRoutes } from './openapiRoutes.js';

/** Every control-plane operation, in the order the router tries them. */
export const CONTROL_ROUTES: readonly ControlRoute[] = [
  ...clockRoutes,
  ...stateRoutes,
  ...cardRoutes,
  ...faultRoutes,
  ...journalRoutes,
  ...settingsRoutes,
  ...overviewRoutes,
  ...cardViewRoutes,
  ...eventRoutes,
  ...healthRoutes,
  ...openapiRoutes,
];
