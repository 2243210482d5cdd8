import { GraphResource, RECOVERABLE_TAG, s3Recovery } from "./calculus";
import { storeRule } from "./store-rule";

const tags = (r: GraphResource) => ({ ...(r.props.tagsAll as object), ...(r.props.tags as object) }) as Record<string, string>;

export const recoveryMedia = storeRule("recovery-media", "Buckets of data that must be recovered (tagged bibox:backup=true)", (rs) =>
    rs.filter((r) => r.type === "aws:s3/bucket:Bucket" && tags(r)[RECOVERABLE_TAG.key] === RECOVERABLE_TAG.value).map((b) => s3Recovery(b, rs)),
);
