import { Scenario } from "../lib/scenario";
export const lifecycleScenarios: Scenario[] = [];
