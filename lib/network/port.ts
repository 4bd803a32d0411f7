/** IP protocols a Neutron security group rule can match. */
export enum Protocol {
  TCP = "tcp",
  UDP = "udp",
  ICMP = "icmp",
  /** Any protocol: the rule carries no `protocol` and no port range. */
  ALL = "all",
}

const MIN_PORT = 1;
const MAX_PORT = 65535;

/** The port range a rule declares; both unset for any port. */
export interface PortRange {
  readonly fromPort?: number;
  readonly toPort?: number;
}

/**
 * A protocol and port range for a security group rule, in the style of `aws-ec2`'s `Port`.
 *
 * Ports are checked when the construct that uses them validates, so a bad value fails `cdktf synth`
 * with the name of the prop it came from.
 */
export class Port {
  /** One TCP port. */
  static tcp(port: number): Port {
    return new Port(Protocol.TCP, port, port);
  }

  /** A TCP port range, both ends included. */
  static tcpRange(fromPort: number, toPort: number): Port {
    return new Port(Protocol.TCP, fromPort, toPort);
  }

  /** Every TCP port, 1-65535, as `--from_port 1 --to_port 65535` in the Stackato OpenStack guide. */
  static allTcp(): Port {
    return new Port(Protocol.TCP, MIN_PORT, MAX_PORT);
  }

  /** One UDP port. */
  static udp(port: number): Port {
    return new Port(Protocol.UDP, port, port);
  }

  /** A UDP port range, both ends included. */
  static udpRange(fromPort: number, toPort: number): Port {
    return new Port(Protocol.UDP, fromPort, toPort);
  }

  /** Every UDP port, 1-65535. */
  static allUdp(): Port {
    return new Port(Protocol.UDP, MIN_PORT, MAX_PORT);
  }

  /** All ICMP traffic. */
  static allIcmp(): Port {
    return new Port(Protocol.ICMP);
  }

  /** All traffic, any protocol. */
  static allTraffic(): Port {
    return new Port(Protocol.ALL);
  }

  private constructor(
    readonly protocol: Protocol,
    readonly fromPort?: number,
    readonly toPort?: number,
  ) {}

  /** Problems with this port, each naming `propName`; empty when the port is valid. */
  validate(propName: string): string[] {
    if (this.fromPort === undefined || this.toPort === undefined) return [];
    const errors: string[] = [];
    for (const value of [this.fromPort, this.toPort]) {
      if (!Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
        errors.push(`${propName}: port ${value} is outside ${MIN_PORT}-${MAX_PORT}; use a whole number in that range`);
      }
    }
    if (errors.length === 0 && this.fromPort > this.toPort) {
      errors.push(`${propName}: port range ${this.fromPort}-${this.toPort} runs backwards; put the lower port first`);
    }
    return errors;
  }

  /**
   * The rule's `port_range_min`/`max`: none for every port of a protocol. Neutron stores 1-65535 as "any port"
   * and the provider reads it back as 0-0, so a declared full range would be replaced on every plan.
   */
  get ruleRange(): PortRange {
    if (this.fromPort === MIN_PORT && this.toPort === MAX_PORT) return {};
    return { fromPort: this.fromPort, toPort: this.toPort };
  }

  /** A stable, readable token used in construct ids, e.g. `tcp22`, `udp1-65535`, `all`. */
  toString(): string {
    if (this.fromPort === undefined) return this.protocol;
    const range = this.fromPort === this.toPort ? `${this.fromPort}` : `${this.fromPort}-${this.toPort}`;
    return `${this.protocol}${range}`;
  }
}
