import { isIP } from "net";
import { Token, Tokenization } from "cdktf";
import { isHostname, nonBlank, portNumber } from "../base/validation";
import { DataServicesOptions, ExternalDatabase } from "./cluster-options";

/** Problems with an external database's settings; `prop` is e.g. "addDataServices.externalMysql". */
export function externalDatabaseErrors(prop: string, db: ExternalDatabase): string[] {
  const errors = [
    ...nonBlank(
      `${prop}.host`,
      db.host,
      'give the database server\'s hostname or IP address, such as "db.example.com"',
    ),
    ...nonBlank(`${prop}.user`, db.user, "give the database user, or leave it out for the default"),
    ...portNumber(`${prop}.port`, db.port),
  ];
  if (!Token.isUnresolved(db.host) && db.host.trim() !== "" && !isIP(db.host) && !isHostname(db.host)) {
    errors.push(
      `${prop}.host: "${db.host}" is not a hostname or IP address; give the server alone, such as "db.example.com" or "192.0.2.10", and the port in port`,
    );
  }
  if (db.user !== undefined && !Token.isUnresolved(db.user) && db.user.trim() !== "" && /\s/.test(db.user)) {
    errors.push(`${prop}.user: "${db.user}" holds whitespace; give the user name alone, such as "stackato"`);
  }
  if (!Token.isUnresolved(db.password)) {
    errors.push(
      `${prop}.password: a literal password would be written into cdk.tf.json; pass a sensitive TerraformVariable's value (new TerraformVariable(this, "db_password", { type: "string", sensitive: true }).stringValue)`,
    );
  } else if (Tokenization.reverseString(db.password).literals.length > 0) {
    errors.push(
      `${prop}.password: mixes literal text with a reference, and the literal part would be written into cdk.tf.json; put the whole password in the sensitive variable and pass its value alone`,
    );
  }
  return errors;
}

/** What one addDataServices() call's options get wrong (errors), or set for nothing (warnings). */
export function dataServicesFindings(options: DataServicesOptions): { errors: string[]; warnings: string[] } {
  const errors =
    options.roles?.length === 0
      ? ["addDataServices.roles: the list is empty; leave it out for the data-services group, or name the services"]
      : [];
  const warnings: string[] = [];
  for (const [prop, db] of [
    ["externalMysql", options.externalMysql],
    ["externalPostgresql", options.externalPostgresql],
  ] as const) {
    if (!db) continue;
    errors.push(...externalDatabaseErrors(`addDataServices.${prop}`, db));
    if (options.count === 0)
      warnings.push(
        `addDataServices.${prop}: count is 0, so no node uses these settings; drop them, or add at least one node`,
      );
  }
  if (options.withVolume === false && options.volume !== undefined) {
    warnings.push(
      "addDataServices.volume: withVolume is false, so no volume uses these settings; drop volume, or drop withVolume: false",
    );
  }
  return { errors, warnings };
}
