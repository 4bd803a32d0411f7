import * as fs from "fs";
import * as path from "path";

/** The jsii assembly `npm run build` writes: what Python, Java, .NET and Go users get. */
const assemblyPath = path.resolve(__dirname, "../.jsii");

describe("jsii assembly", () => {
  const assembly = JSON.parse(fs.readFileSync(assemblyPath, "utf8"));
  const types: Record<string, any> = assembly.types;
  const type = (name: string) => types[`cdktf-stackato-openstack.${name}`];

  test("names the package and its Python module", () => {
    expect(assembly.name).toBe("cdktf-stackato-openstack");
    expect(assembly.targets.python.module).toBe("cdktf_stackato_openstack");
  });

  test("carries every construct as a class and the option sets as structs", () => {
    for (const name of [
      "StackatoCluster",
      "StackatoMicroCloud",
      "StackatoImage",
      "StackatoKeypair",
      "StackatoSecurityGroups",
      "SharedDropletVolume",
      "DataServicesVolume",
    ]) {
      expect(type(name)?.kind).toBe("class");
    }
    for (const name of ["StackatoClusterProps", "RoleOptions", "DataServicesOptions", "SshSettings", "RuleRemote"]) {
      expect(type(name)?.datatype).toBe(true);
    }
  });

  test("string choices are enums, not plain strings", () => {
    const members = (name: string) => type(name).members.map((m: any) => m.name);
    expect(members("NodeKind")).toEqual(["CORE", "CONTROLLER", "DEA", "ROUTER", "DATA_SERVICES", "LOAD_BALANCER"]);
    expect(members("DiskFormat")).toEqual(["RAW", "QCOW2"]);
    expect(members("EtherType")).toEqual(["IPV4", "IPV6"]);
    expect(members("ServerGroupPolicy")).toContain("ANTI_AFFINITY");
  });

  test("props that take one of those choices are typed by the enum, so Python and Go users see it", () => {
    const propType = (struct: string, prop: string) =>
      type(struct).properties.find((p: any) => p.name === prop).type.fqn;
    expect(propType("StackatoImageProps", "diskFormat")).toBe("cdktf-stackato-openstack.DiskFormat");
    expect(propType("StackatoImageProps", "visibility")).toBe("cdktf-stackato-openstack.ImageVisibility");
  });

  test("the generated OpenStack bindings are a submodule, so public types that use them resolve", () => {
    expect(Object.keys(assembly.submodules ?? {})).toContain("cdktf-stackato-openstack.openstack");
    const node = type("StackatoNode");
    const instance = node.properties.find((p: any) => p.name === "instance");
    expect(instance.type.fqn).toBe("cdktf-stackato-openstack.openstack.computeInstanceV2.ComputeInstanceV2");
    expect(types[instance.type.fqn]?.kind).toBe("class");
  });

  test("the volumes only the cluster builds cannot be made with new in other languages; the others can", () => {
    for (const name of ["SharedDropletVolume", "DataServicesVolume"]) {
      expect([name, type(name).initializer]).toEqual([name, undefined]);
      expect([name, type(name).methods?.some((m: any) => m.name.startsWith("_")) ?? false]).toEqual([name, false]);
    }
    for (const name of ["StackatoCluster", "NodeVolume", "StackatoImage"])
      expect([name, type(name).initializer !== undefined]).toEqual([name, true]);
  });

  test("internal helpers stay out of the public API", () => {
    for (const name of ["ProvisionStep", "ShellScript", "SshAccess", "ClusterProvisioner"])
      expect(type(name)).toBeUndefined();
  });
});
