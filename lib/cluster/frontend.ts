import { NodeKind } from "../base/node-kind";
import { LoadBalancerOptions, RouterOptions } from "./cluster-options";

/** Which nodes a cluster's front door is: the nodes that take floating IPs and the external security group. */
export enum FrontendKind {
  /** The core serves the cluster on its own router role. */
  CORE = "core",
  /** Router nodes, each with its own address; `<domain>` resolves to the first. */
  ROUTERS = "routers",
  /** One load balancer node in front of the routers (the cluster guide's "Load balancer"). */
  LOAD_BALANCER = "load-balancer",
}

/**
 * The cluster's front door, chosen when the cluster is made so that every node is built exposed or
 * not, once: its floating IP, security groups and ssh route never move. The constructor builds the
 * front door's nodes right after the core, so every other node can be reached through them.
 *
 * ```ts
 * new StackatoCluster(this, "Cluster", { ..., frontend: Frontend.loadBalancer({ floatingIp: "203.0.113.10" }) });
 * ```
 */
export class Frontend {
  /** The core is the front door (the default): it takes the floating IP; add no routers. */
  static core(): Frontend {
    return new Frontend(FrontendKind.CORE);
  }

  /**
   * Router nodes are the front door, each with a floating IP; the core is reached through the first.
   * `addRouters()` adds more of them later.
   */
  static routers(options: RouterOptions = {}): Frontend {
    return new Frontend(FrontendKind.ROUTERS, options);
  }

  /**
   * A load balancer is the front door, in front of the routers that `addRouters()` adds; only it takes
   * a floating IP, and the other nodes are reached through it.
   */
  static loadBalancer(options: LoadBalancerOptions = {}): Frontend {
    return new Frontend(FrontendKind.LOAD_BALANCER, undefined, options);
  }

  /**
   * Whether `x` is a front door made by `Frontend.core()`, `.routers()` or `.loadBalancer()` (and not,
   * say, an object literal from JavaScript), even from another copy of this library.
   */
  static isFrontend(x: unknown): x is Frontend {
    if (x === null || typeof x !== "object") return false;
    const candidate = x as Partial<Frontend>;
    return (
      Object.values(FrontendKind).includes(candidate.kind as FrontendKind) && typeof candidate.exposes === "function"
    );
  }

  private constructor(
    /** Which nodes serve the cluster. */
    readonly kind: FrontendKind,
    /** The first routers' options, for `Frontend.routers()`. */
    readonly routerOptions?: RouterOptions,
    /** The load balancer's options, for `Frontend.loadBalancer()`. */
    readonly loadBalancerOptions?: LoadBalancerOptions,
  ) {}

  /** Whether nodes of `kind` are the front door. */
  exposes(kind: NodeKind): boolean {
    return kind === FRONT_NODE_KIND[this.kind];
  }

  /** How the choice is written in code, for messages: "Frontend.routers()". */
  describe(): string {
    return `Frontend.${FACTORY[this.kind]}()`;
  }
}

const FRONT_NODE_KIND: Record<FrontendKind, NodeKind> = {
  [FrontendKind.CORE]: NodeKind.CORE,
  [FrontendKind.ROUTERS]: NodeKind.ROUTER,
  [FrontendKind.LOAD_BALANCER]: NodeKind.LOAD_BALANCER,
};

const FACTORY: Record<FrontendKind, string> = {
  [FrontendKind.CORE]: "core",
  [FrontendKind.ROUTERS]: "routers",
  [FrontendKind.LOAD_BALANCER]: "loadBalancer",
};
