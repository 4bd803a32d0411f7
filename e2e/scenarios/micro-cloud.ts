import { Scenario } from "../lib/scenario";
export const microCloudScenarios: Scenario[] = [];
