// Open vSwitch as a Plugsmith source: the OVSDB client (RFC 7047), the state read from it
// (one snapshot, or live through a monitor), the typed probe the doctor and the topology
// share, and flows on demand through ovs-ofctl.
export { OvsdbClient, DEFAULT_OVSDB_SOCKET, DEFAULT_CALL_TIMEOUT_MS, parseTarget, formatTarget, type OvsdbTarget } from './client';
export { readOvsState, watchOvs, probeOvs, buildOvsState, OVS_DB, OVS_COLUMNS, type OvsState, type OvsBridge, type OvsPort, type OvsInterface, type OvsProbe, type OvsWatch } from './state';
export { dumpFlows, parseFlows, parseFlowLine, type FlowRow } from './flows';
export { resolveOvsdb, ENV_OVSDB, type OvsdbChoice } from './resolve';
