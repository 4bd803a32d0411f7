// The one text form of force-new.json: fixed field order for records, sorted map keys and paths,
// two-space indentation and a trailing newline, so regenerating it gives a byte-identical file.
"use strict";

const byKey = (record, order) => Object.fromEntries(order.filter((k) => k in record).map((k) => [k, record[k]]));
const sortedKeys = (map, each) =>
  Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((k) => [k, each(map[k])]),
  );
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function canonical(table) {
  return {
    "//": table["//"],
    sources: sortedKeys(table.sources, (s) => byKey(s, ["version", "repository", "tag", "commit", "sdk"])),
    resources: sortedKeys(table.resources, (r) =>
      byKey(
        {
          provider: r.provider,
          forceNew: [...r.forceNew].sort(compare),
          ...(r.conditional && {
            conditional: r.conditional
              .map((c) => ({ attribute: c.attribute, when: c.when }))
              .sort((a, b) => compare(a.attribute, b.attribute) || compare(a.when, b.when)),
          }),
          ...(r.defaults && { defaults: sortedKeys(r.defaults, (v) => v) }),
          ...(r.stateFuncs && { stateFuncs: [...r.stateFuncs].sort(compare) }),
          ...(r.unresolved && { unresolved: [...r.unresolved].sort(compare) }),
        },
        ["provider", "forceNew", "conditional", "defaults", "stateFuncs", "unresolved"],
      ),
    ),
  };
}

function serialize(table) {
  return `${JSON.stringify(canonical(table), null, 2)}\n`;
}

module.exports = { serialize, canonical };
