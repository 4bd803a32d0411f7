/** Converts JSON provider schemas into tfplugin6 Schema messages (as plain objects for proto-loader). */
import { ResourceSchema, SchemaBlock } from "./schema";

const NESTING: Record<string, string> = { single: "SINGLE", group: "GROUP", list: "LIST", set: "SET", map: "MAP" };

export interface SchemaMessage {
  version: number;
  block: BlockMessage;
}

interface BlockMessage {
  attributes: object[];
  block_types: object[];
  description: string;
  deprecated: boolean;
}

export function schemaMessage(schema: ResourceSchema): SchemaMessage {
  return { version: schema.version ?? 0, block: blockMessage(schema.block) };
}

function blockMessage(block: SchemaBlock): BlockMessage {
  return {
    // The type travels as the JSON text of the cty type, exactly as in the schema file.
    attributes: Object.entries(block.attributes ?? {}).map(([name, a]) => ({
      name,
      type: Buffer.from(JSON.stringify(a.type)),
      description: a.description ?? "",
      required: a.required === true,
      optional: a.optional === true,
      computed: a.computed === true,
      sensitive: a.sensitive === true,
      deprecated: a.deprecated === true,
    })),
    block_types: Object.entries(block.block_types ?? {}).map(([name, nested]) => ({
      type_name: name,
      block: blockMessage(nested.block),
      nesting: NESTING[nested.nesting_mode],
      min_items: nested.min_items ?? 0,
      max_items: nested.max_items ?? 0,
    })),
    description: block.description ?? "",
    deprecated: block.deprecated === true,
  };
}
