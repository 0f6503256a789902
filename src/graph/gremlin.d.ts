/**
 * Types for the parts of the `gremlin` npm package (gremlin-javascript 3.8, CommonJS, no bundled types) that
 * augur uses: a remote connection, bytecode traversals and the enums mergeV/mergeE need. Import it as
 * `import gremlin from 'gremlin'`.
 */
declare module 'gremlin' {
  namespace gremlin {
    namespace process {
      /** An enum constant of the Gremlin language (`T.id`, `Direction.OUT`, `Merge.onCreate`…). */
      class EnumValue {
        readonly typeName: string;
        readonly elementName: string;
      }

      class P {
        readonly operator: string;
        static within(...values: unknown[]): P;
        static eq(value: unknown): P;
      }

      /** A traversal built step by step into bytecode and sent whole to the server. */
      class GraphTraversal {
        // Steps augur uses; each returns the traversal so calls chain.
        V(...ids: unknown[]): GraphTraversal;
        E(...ids: unknown[]): GraphTraversal;
        as(label: string, ...more: string[]): GraphTraversal;
        by(...args: unknown[]): GraphTraversal;
        count(): GraphTraversal;
        drop(): GraphTraversal;
        elementMap(...keys: string[]): GraphTraversal;
        fold(): GraphTraversal;
        has(...args: unknown[]): GraphTraversal;
        hasLabel(label: string | P, ...more: string[]): GraphTraversal;
        id(): GraphTraversal;
        inV(): GraphTraversal;
        label(): GraphTraversal;
        limit(n: number): GraphTraversal;
        mergeE(search?: Map<unknown, unknown> | GraphTraversal): GraphTraversal;
        mergeV(search?: Map<unknown, unknown> | GraphTraversal): GraphTraversal;
        option(token: EnumValue, value: Map<unknown, unknown> | GraphTraversal): GraphTraversal;
        outV(): GraphTraversal;
        project(...keys: string[]): GraphTraversal;
        select(...keys: string[]): GraphTraversal;
        sideEffect(traversal: GraphTraversal): GraphTraversal;
        unfold(): GraphTraversal;
        valueMap(...keys: string[]): GraphTraversal;
        values(...keys: string[]): GraphTraversal;
        // Terminal steps: they send the bytecode and resolve with the results.
        toList<T = unknown>(): Promise<T[]>;
        next<T = unknown>(): Promise<{ value: T; done: boolean }>;
        iterate(): Promise<void>;
        getBytecode(): unknown;
      }

      class GraphTraversalSource {
        V(...ids: unknown[]): GraphTraversal;
        E(...ids: unknown[]): GraphTraversal;
        inject(...values: unknown[]): GraphTraversal;
        mergeV(search?: Map<unknown, unknown> | GraphTraversal): GraphTraversal;
        mergeE(search?: Map<unknown, unknown> | GraphTraversal): GraphTraversal;
      }

      class AnonymousTraversalSource {
        withRemote(connection: driver.RemoteConnection): GraphTraversalSource;
      }

      function traversal(): AnonymousTraversalSource;

      /** Anonymous traversals (`__`). */
      const statics: {
        select(...keys: string[]): GraphTraversal;
        unfold(): GraphTraversal;
        id(): GraphTraversal;
        outV(): GraphTraversal;
        inV(): GraphTraversal;
        label(): GraphTraversal;
        drop(): GraphTraversal;
        constant(value: unknown): GraphTraversal;
      };

      const t: { id: EnumValue; label: EnumValue; key: EnumValue; value: EnumValue };
      const direction: { in: EnumValue; out: EnumValue; both: EnumValue; from_: EnumValue; to: EnumValue };
      const merge: { onCreate: EnumValue; onMatch: EnumValue; outV: EnumValue; inV: EnumValue };
    }

    namespace driver {
      class RemoteConnection {
        readonly url: string;
        close(): Promise<void>;
      }

      interface DriverRemoteConnectionOptions {
        /** The traversal source the server binds. @defaultValue 'g' */
        traversalSource?: string;
        mimeType?: string;
        headers?: Record<string, string>;
        rejectUnauthorized?: boolean;
        enableUserAgentOnConnect?: boolean;
      }

      class DriverRemoteConnection extends RemoteConnection {
        constructor(url: string, options?: DriverRemoteConnectionOptions);
        open(): Promise<void>;
        readonly isOpen: boolean;
        addListener(event: string, handler: (...args: unknown[]) => void): void;
        removeListener(event: string, handler: (...args: unknown[]) => void): void;
      }

      class ResponseError extends Error {
        readonly statusCode: number;
        readonly statusMessage: string;
      }
    }
  }

  export default gremlin;
}
