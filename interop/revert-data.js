// The revert data (0x + selector + args) of a failed web3.js 4 call or transaction, or null: web3 4 puts it in
// different places depending on the error type, so search them all.
"use strict";

function revertData(err) {
  const seen = new Set();
  const stack = [err];
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    for (const key of ["data", "signature"]) {
      if (typeof e[key] === "string" && /^0x[0-9a-f]{8}/i.test(e[key])) return e[key];
    }
    for (const key of ["cause", "innerError", "error", "data"]) stack.push(e[key]);
  }
  return null;
}

module.exports = { revertData };
