// The benchmark's stack: the cluster example (examples/cluster.ts, ClusterStack) with `deaCount`
// DEAs instead of 2, built from the compiled library in dist/.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const STACK_NAME = "cluster";

function requireBuilt(relative) {
  const file = path.join(ROOT, "dist", relative);
  if (!fs.existsSync(file))
    throw new Error(`bench: ${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
  return require(file);
}

/** Loads what building the stack needs (timed separately as "module load"). */
function loadLibrary() {
  return {
    cdktf: require("cdktf"),
    lib: requireBuilt("lib/index.js"),
    settings: requireBuilt("examples/settings.js"),
    cluster: requireBuilt("examples/cluster.js"),
  };
}

/** Adds the example's stack, with `deaCount` DEAs, to `app`; the example's other roles are unchanged. */
function addClusterStack(loaded, app, deaCount) {
  const { cdktf, lib, settings: s } = loaded;
  const settings = loaded.cluster.clusterSettingsFromEnv({});
  const stack = new cdktf.TerraformStack(app, STACK_NAME);
  const keypair = s.addStackBasics(stack, STACK_NAME, settings);
  const image = new lib.StackatoImage(stack, "Image", { existingImageName: settings.imageName });
  const cluster = new lib.StackatoCluster(stack, "Cluster", {
    domain: settings.domain,
    image,
    keyName: keypair.keyName,
    networkName: settings.networkName,
    floatingIpPool: settings.floatingIpPool || undefined,
    sshSourceCidrs: settings.sshSourceCidrs,
    core: { flavorName: settings.flavorName },
    frontend: lib.Frontend.loadBalancer({ flavorName: settings.flavorName }),
    ssh: s.sshSettingsFor(settings.privateKeyFile),
  });
  const P = lib.ServerGroupPolicy;
  cluster.addControllers({ count: 2, flavorName: settings.flavorName, serverGroupPolicy: P.ANTI_AFFINITY });
  cluster.addSharedDropletVolume({ sizeGb: 10 });
  cluster.addDeas({ count: deaCount, flavorName: settings.deaFlavorName, serverGroupPolicy: P.SOFT_ANTI_AFFINITY });
  cluster.addRouters({ count: 2, flavorName: settings.flavorName, serverGroupPolicy: P.ANTI_AFFINITY });
  cluster.addDataServices({ flavorName: settings.flavorName, volume: { sizeGb: 10 } });
  return stack;
}

/** Nodes in the stack besides the DEAs: core, 2 controllers, 2 routers, load balancer, data services. */
const OTHER_NODES = 7;

module.exports = { ROOT, STACK_NAME, OTHER_NODES, requireBuilt, loadLibrary, addClusterStack };
