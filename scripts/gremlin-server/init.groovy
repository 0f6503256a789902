// Runs once when Gremlin Server starts (ScriptFileGremlinPlugin). The map the script ends with becomes the
// server's global bindings: `g` is the traversal source that bytecode requests name. It also indexes the
// properties augur filters on, so looking up one plan's elements does not scan the whole graph.
graph.createIndex('topologyId', Vertex.class)
graph.createIndex('planRef', Vertex.class)
graph.createIndex('topologyId', Edge.class)

def globals = [:]
globals << [g : traversal().withEmbedded(graph)]
