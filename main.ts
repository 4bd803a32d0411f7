import { App } from "cdktf";
import { buildExamples } from "./examples";

const app = new App();
buildExamples(app);
app.synth();
