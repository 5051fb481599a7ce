package report

import "html/template"

// ClusterSection is a rehearsal's cluster section (loadgen rehearse,
// internal/rehearse/clusterreport): report.json carries the value itself
// under "cluster" (its own JSON encoding) and report.html the fragment
// ClusterHTML renders, after the run's charts. The report package does not
// know its fields: the rehearsal owns them.
type ClusterSection interface {
	ClusterHTML() (template.HTML, error)
}

// clusterJSON is report.json's "cluster": nil (left out) without a section.
func clusterJSON(e Extras) any {
	if e.Cluster == nil {
		return nil
	}
	return e.Cluster
}

// clusterHTML is report.html's cluster section; "" without one.
func clusterHTML(e Extras) (template.HTML, error) {
	if e.Cluster == nil {
		return "", nil
	}
	return e.Cluster.ClusterHTML()
}
