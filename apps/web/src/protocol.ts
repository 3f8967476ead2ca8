/**
 * The runtime values the browser needs from `@mud/protocol`, and the only module of the client
 * that imports it for more than types.
 *
 * In the production build this file is replaced by its own evaluated result, serialised as plain
 * constants (see `build/prebakeProtocol.ts`): the schema is JSON Schema data, so the client ships
 * the data and a small checker (`net/schemaCheck.ts`) instead of TypeBox's builders and compiler,
 * which would weigh about 24 KB gzipped of the initial load. Tests, typecheck and `vite dev` use
 * this file as written, so the types and values always come from the protocol package itself.
 */
export { CloseCode, ErrorCode, OutboundFrame as outboundFrameSchema, Subprotocol } from '@mud/protocol';
