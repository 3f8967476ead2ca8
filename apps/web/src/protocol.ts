/**
 * The runtime values the browser needs from `@mud/protocol` that TypeBox builds (the schema) or
 * that sit beside it, and the one module of the client that imports such values.
 *
 * In the production build this file is replaced by its own evaluated result, serialised as plain
 * constants (see `build/prebakeProtocol.ts`): the schema is JSON Schema data, so the client ships
 * the data and the protocol's small checker (`outboundDecoder`) instead of TypeBox's builders
 * and compiler, which would weigh about 24 KB gzipped of the initial load. Tests, typecheck and
 * `vite dev` use this file as written, so the types and values always come from the protocol
 * package itself. Elsewhere the client imports from `@mud/protocol` only types and functions,
 * which cannot be baked as JSON (`formatDuration`, `outboundDecoder`): they live in modules
 * that import no TypeBox, and the build fails if TypeBox reaches the bundle.
 */
export { CloseCode, ErrorCode, Limits, OutboundFrame as outboundFrameSchema, Subprotocol } from '@mud/protocol';
