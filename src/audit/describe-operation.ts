/** How reports name one operation: `+ label needs-info`, `~ comment [intake/missing]`. */
export { describeOperation } from "../core/operations/registry.ts";
