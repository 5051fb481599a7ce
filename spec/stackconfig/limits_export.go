package stackconfig

// MaxClusterNameLen is the longest cluster name Validate accepts; the
// components' tests derive the longest names they generate (Helm release
// names among them) from it.
const MaxClusterNameLen = maxClusterNameLen
