/**
 * The scripts' bash lives in `lib/provisioning/scripts/sh/`; the script tests take their list from
 * `support/script-registry.ts`. Here: that list has every step file, the constants the TypeScript
 * exports say what the files say, and the local-exec commands are clean under shellcheck as `sh`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  LB_ROUTERS_FILE,
  MBUS_PORT,
  SSL_CERT_FILE,
  SSL_KEY_FILE,
  STACKATO_SSL_CERT,
  STACKATO_SSL_KEY,
} from "../lib/provisioning/scripts";
import { readShFile, SH_DIR } from "../lib/provisioning/scripts/sh-files";
import { stepBody } from "../lib/provisioning/scripts/step-body";
import { localExecCommands, SCRIPTS, stepFiles, templateText } from "./support/script-registry";

describe("the script registry", () => {
  test("has a script for every step file, and each script's body is its file's", () => {
    const files = stepFiles();
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect([...new Set(SCRIPTS.map((s) => s.file))].sort()).toEqual(files);
    for (const { label, file, script } of SCRIPTS) expect([label, script.body]).toEqual([label, stepBody(file)]);
  });

  test("a step body is its file with the include lines replaced by the included files", () => {
    const attach = stepBody("attach.sh");
    expect(readShFile("attach.sh")).toMatch(/^\. \.\/prelude\.sh\n/m);
    expect(readShFile("attach.sh")).toMatch(/^\. \.\/_install-ssl\.sh$/m);
    expect(attach.startsWith(readShFile("prelude.sh") + "\n")).toBe(true);
    expect(attach).toContain(readShFile("_install-ssl.sh"));
    expect(attach).not.toMatch(/^\. \.\//m);
    // Nested: the load balancer's pool part includes the lock.
    expect(stepBody("load-balancer.sh")).toContain(readShFile("_lb-lock.sh"));
    expect(() => stepBody("../shell.ts")).toThrow(/not a file name/);
  });

  test("every file of sh/ is a step, the prelude or a part some step includes", () => {
    const included = new Set(
      fs.readdirSync(SH_DIR).flatMap((name) => [...readShFile(name).matchAll(/^\. \.\/(\S+)$/gm)].map((m) => m[1])),
    );
    const parts = fs.readdirSync(SH_DIR).filter((name) => name.startsWith("_"));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.filter((name) => !included.has(name))).toEqual([]);
  });
});

describe("constants the TypeScript exports and the sh/ files share", () => {
  test("the core's message bus port", () => {
    for (const file of ["attach.sh", "load-balancer.sh"])
      expect([file, readShFile(file)]).toEqual([
        file,
        expect.stringContaining(`wait_for_port "$CORE_IP" ${MBUS_PORT} 180`),
      ]);
  });

  test("the certificate's file names, uploaded and installed", () => {
    const install = readShFile("_install-ssl.sh");
    expect(install).toContain(`sudo install -m 600 -o root -g root "$ssl_dir/${SSL_KEY_FILE}" ${STACKATO_SSL_KEY}\n`);
    expect(install).toContain(`sudo install -m 644 -o root -g root "$ssl_dir/${SSL_CERT_FILE}" ${STACKATO_SSL_CERT}\n`);
  });

  test("the load balancer's record of its routers", () => {
    for (const file of ["_lb-pool.sh", "leave-load-balancer.sh"])
      expect([file, readShFile(file)]).toEqual([file, expect.stringContaining(`> "$STATE_DIR/${LB_ROUTERS_FILE}"`)]);
  });
});

describe("the local-exec commands", () => {
  const commands = localExecCommands();
  const haveShellcheck = spawnSync("shellcheck", ["--version"]).status === 0;
  if (!haveShellcheck && process.env.CI !== "true")
    console.log("shellcheck not on PATH: skipping the shellcheck of the local commands");

  test("are the cluster key, the certificate and the qcow2 conversion", () => {
    const kinds = commands.map(([, command]) =>
      command.includes("ssh-keygen")
        ? "key"
        : command.includes("openssl req")
          ? "certificate"
          : command.includes("qemu-img convert")
            ? "qcow2"
            : command,
    );
    expect(kinds.sort()).toEqual(["certificate", "key", "qcow2"]);
  });

  (haveShellcheck || process.env.CI === "true" ? test.each : test.skip.each)(commands)(
    "%s is clean under shellcheck as sh (local-exec runs /bin/sh -c)",
    (_id, command) => {
      const text = templateText(command);
      expect(spawnSync("sh", ["-n"], { input: text }).status).toBe(0);
      const result = spawnSync("shellcheck", ["--shell=sh", "--severity=style", "-"], {
        input: text,
        encoding: "utf8",
      });
      expect(result.stdout + result.stderr).toBe("");
      expect(result.status).toBe(0);
    },
  );

  test("the check of a command text refuses a Terraform interpolation and undoes the escapes", () => {
    expect(templateText("echo $${HOME} %%{x}")).toBe("echo ${HOME} %{x}");
    expect(() => templateText("echo ${var.x}")).toThrow(/interpolates/);
  });
});

test("the sh/ files are in the package's files and copied into dist by the build", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
  expect(pkg.files).toContain("dist/lib/provisioning/scripts/sh/*.sh");
  expect(pkg.scripts.build).toContain("node scripts/copy-shell-scripts.js");
  expect(pkg.scripts.lint).toContain("npm run lint:sh");
  expect(pkg.scripts["lint:sh"]).toContain("lib/provisioning/scripts/sh/*.sh");
});
