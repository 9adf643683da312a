import { ScenarioError } from '../../fixtures/parseScenario.js';
import { ScenarioProblem } from '../../fixtures/scenarioReader.js';
import { ControlError } from './route.js';

/**
 * Runs a validation from the scenario readers (which name the field and the problem) and turns
 * its failure into the control plane's 400 with that message.
 */
export function validated<T>(code: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ScenarioProblem || err instanceof ScenarioError) throw new ControlError(400, code, err.message);
    throw err;
  }
}
