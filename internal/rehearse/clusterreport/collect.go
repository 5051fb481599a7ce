// Package clusterreport is the cluster section of a rehearsal report: a
// collector that watches nodes, pods, NodeClaims and Karpenter's disruption
// events on the rehearsal's API server, and a summary of what it saw:
// nodes over time by NodePool, instance type, zone and capacity type,
// pending pods over time, pod scheduling and node provisioning latency
// percentiles, requested vs allocatable CPU and memory over time,
// consolidation events, node-hours and cost by instance type.
package clusterreport

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// Node labels read by the collector.
const (
	LabelNodePool     = "karpenter.sh/nodepool"
	LabelCapacityType = "karpenter.sh/capacity-type"
	// LabelSparkRole is Spark's role label on its pods (driver, executor).
	LabelSparkRole = "spark-role"
	// OperationalGroup names nodes of no NodePool (the managed node group).
	OperationalGroup = "operational"
)

// NodeRecord is one node's life. Created and Deleted are the API server's
// creationTimestamp and deletionTimestamp (1 s resolution); Ready is when
// the watch first saw it Ready.
type NodeRecord struct {
	Name         string    `json:"name"`
	Group        string    `json:"group"` // NodePool, or OperationalGroup
	InstanceType string    `json:"instance_type"`
	Zone         string    `json:"zone"`
	CapacityType string    `json:"capacity_type"`
	MilliCPU     int64     `json:"allocatable_millicpu"`
	MemoryMiB    int64     `json:"allocatable_memory_mib"`
	Created      time.Time `json:"created"`
	Ready        time.Time `json:"ready,omitzero"`
	Deleted      time.Time `json:"deleted,omitzero"`
}

// PodRecord is one pod's wait. Times are when the watch saw the pod
// created, bound and gone (this machine's clock, the same as the API
// server's here; finer than the server's 1 s timestamps).
type PodRecord struct {
	Key       string    `json:"key"`
	Role      string    `json:"role,omitempty"` // the spark-role label: driver or executor
	Scheduler string    `json:"scheduler"`
	Node      string    `json:"node,omitempty"`
	MilliCPU  int64     `json:"requested_millicpu"`
	MemoryMiB int64     `json:"requested_memory_mib"`
	Created   time.Time `json:"created"`
	Scheduled time.Time `json:"scheduled,omitzero"`
	Ended     time.Time `json:"ended,omitzero"` // Succeeded/Failed or deleted
}

// ClaimRecord is one NodeClaim: Created (server) to its node Ready.
type ClaimRecord struct {
	Name     string    `json:"name"`
	NodePool string    `json:"nodepool"`
	Node     string    `json:"node,omitempty"`
	Created  time.Time `json:"created"`
	Deleted  time.Time `json:"deleted,omitzero"`
}

// Event is a Karpenter disruption event (consolidation, emptiness, drift).
type Event struct {
	Time    time.Time `json:"time"`
	Object  string    `json:"object"`
	Reason  string    `json:"reason"`
	Message string    `json:"message"`
}

// Collector records what the watches see; Snapshot copies it.
type Collector struct {
	mu     sync.Mutex
	now    func() time.Time
	nodes  map[string]*NodeRecord
	pods   map[string]*PodRecord
	claims map[string]*ClaimRecord
	events []Event
	// blocked counts DisruptionBlocked events.
	blocked int
	start   time.Time
}

var nodeClaimGVR = schema.GroupVersionResource{Group: "karpenter.sh", Version: "v1", Resource: "nodeclaims"}

// New returns an empty collector.
func New() *Collector {
	return &Collector{now: time.Now, nodes: map[string]*NodeRecord{}, pods: map[string]*PodRecord{}, claims: map[string]*ClaimRecord{}}
}

// Start watches nodes, pods of the namespaces (all when empty), NodeClaims
// and events until ctx ends; it returns once the caches have synced.
func (c *Collector) Start(ctx context.Context, kube kubernetes.Interface, dyn dynamic.Interface, namespaces []string) error {
	c.mu.Lock()
	c.start = c.now()
	c.mu.Unlock()
	f := informers.NewSharedInformerFactory(kube, 0)
	var synced []cache.InformerSynced
	add := func(inf cache.SharedIndexInformer, h cache.ResourceEventHandlerFuncs) error {
		if _, err := inf.AddEventHandler(h); err != nil {
			return err
		}
		synced = append(synced, inf.HasSynced)
		return nil
	}
	if err := add(f.Core().V1().Nodes().Informer(), cache.ResourceEventHandlerFuncs{
		AddFunc: c.onNode, UpdateFunc: func(_, n any) { c.onNode(n) }, DeleteFunc: c.onNodeDeleted}); err != nil {
		return err
	}
	if err := add(f.Core().V1().Events().Informer(), cache.ResourceEventHandlerFuncs{AddFunc: c.onEvent}); err != nil {
		return err
	}
	for _, ns := range namespacesOrAll(namespaces) {
		pf := informers.NewSharedInformerFactoryWithOptions(kube, 0, informers.WithNamespace(ns))
		if err := add(pf.Core().V1().Pods().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc: c.onPod, UpdateFunc: func(_, p any) { c.onPod(p) }, DeleteFunc: c.onPodDeleted}); err != nil {
			return err
		}
		pf.Start(ctx.Done())
	}
	df := dynamicinformer.NewDynamicSharedInformerFactory(dyn, 0)
	if err := add(df.ForResource(nodeClaimGVR).Informer(), cache.ResourceEventHandlerFuncs{
		AddFunc: c.onClaim, UpdateFunc: func(_, o any) { c.onClaim(o) }, DeleteFunc: c.onClaimDeleted}); err != nil {
		return err
	}
	f.Start(ctx.Done())
	df.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		return fmt.Errorf("cluster report: watches did not sync: %w", ctx.Err())
	}
	return nil
}

func namespacesOrAll(ns []string) []string {
	if len(ns) == 0 {
		return []string{metav1.NamespaceAll}
	}
	return ns
}

func (c *Collector) onNode(obj any) {
	n, ok := obj.(*corev1.Node)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.nodes[n.Name]
	if r == nil {
		r = nodeRecord(n)
		c.nodes[n.Name] = r
	}
	r.MilliCPU, r.MemoryMiB = n.Status.Allocatable.Cpu().MilliValue(), n.Status.Allocatable.Memory().Value()>>20
	if r.Ready.IsZero() && nodeReady(n) {
		r.Ready = c.now()
	}
	if n.DeletionTimestamp != nil && r.Deleted.IsZero() {
		r.Deleted = n.DeletionTimestamp.Time
	}
}

func nodeRecord(n *corev1.Node) *NodeRecord {
	group := n.Labels[LabelNodePool]
	if group == "" {
		group = OperationalGroup
	}
	ct := n.Labels[LabelCapacityType]
	if ct == "" {
		ct = "on-demand" // managed node groups of the stack are on-demand
	}
	return &NodeRecord{Name: n.Name, Group: group, InstanceType: n.Labels[corev1.LabelInstanceTypeStable],
		Zone: n.Labels[corev1.LabelTopologyZone], CapacityType: ct, Created: n.CreationTimestamp.Time}
}

func nodeReady(n *corev1.Node) bool {
	for _, cond := range n.Status.Conditions {
		if cond.Type == corev1.NodeReady {
			return cond.Status == corev1.ConditionTrue
		}
	}
	return false
}

func (c *Collector) onNodeDeleted(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	n, ok := obj.(*corev1.Node)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.nodes[n.Name]
	if r == nil {
		r = nodeRecord(n)
		c.nodes[n.Name] = r
	}
	if r.Deleted.IsZero() {
		r.Deleted = c.now().Truncate(time.Second)
		if n.DeletionTimestamp != nil {
			r.Deleted = n.DeletionTimestamp.Time
		}
	}
}

func (c *Collector) onPod(obj any) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := p.Namespace + "/" + p.Name
	r := c.pods[key]
	if r == nil {
		r = &PodRecord{Key: key, Role: p.Labels[LabelSparkRole], Scheduler: p.Spec.SchedulerName, Created: c.now()}
		for _, ct := range p.Spec.Containers {
			r.MilliCPU += ct.Resources.Requests.Cpu().MilliValue()
			r.MemoryMiB += ct.Resources.Requests.Memory().Value() >> 20
		}
		c.pods[key] = r
	}
	if p.Spec.NodeName != "" && r.Scheduled.IsZero() {
		r.Node, r.Scheduled = p.Spec.NodeName, c.now()
	}
	if (p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed || p.DeletionTimestamp != nil) && r.Ended.IsZero() {
		r.Ended = c.now()
	}
}

func (c *Collector) onPodDeleted(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.pods[p.Namespace+"/"+p.Name]; r != nil && r.Ended.IsZero() {
		r.Ended = c.now()
	}
}

func (c *Collector) onClaim(obj any) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.claims[u.GetName()]
	if r == nil {
		r = &ClaimRecord{Name: u.GetName(), NodePool: u.GetLabels()[LabelNodePool], Created: u.GetCreationTimestamp().Time}
		c.claims[u.GetName()] = r
	}
	if n, _, _ := unstructured.NestedString(u.Object, "status", "nodeName"); n != "" {
		r.Node = n
	}
	if ts := u.GetDeletionTimestamp(); ts != nil && r.Deleted.IsZero() {
		r.Deleted = ts.Time
	}
}

func (c *Collector) onClaimDeleted(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	if u, ok := obj.(*unstructured.Unstructured); ok {
		c.onClaim(u)
		c.mu.Lock()
		if r := c.claims[u.GetName()]; r != nil && r.Deleted.IsZero() {
			r.Deleted = c.now()
		}
		c.mu.Unlock()
	}
}

// onEvent keeps Karpenter's disruption events (reasons Disruption*) but
// DisruptionBlocked, which it repeats for every busy node; those are only
// counted.
func (c *Collector) onEvent(obj any) {
	e, ok := obj.(*corev1.Event)
	if !ok || !strings.HasPrefix(e.Reason, "Disruption") {
		return
	}
	if e.Reason == "DisruptionBlocked" {
		c.mu.Lock()
		c.blocked++
		c.mu.Unlock()
		return
	}
	t := e.LastTimestamp.Time
	if t.IsZero() {
		t = e.EventTime.Time
	}
	if t.IsZero() {
		t = e.CreationTimestamp.Time
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, Event{Time: t, Object: e.InvolvedObject.Kind + "/" + e.InvolvedObject.Name, Reason: e.Reason, Message: e.Message})
}

// Records is a copy of what was collected.
type Records struct {
	Start  time.Time
	Nodes  []NodeRecord
	Pods   []PodRecord
	Claims []ClaimRecord
	Events []Event
	// Blocked is the number of DisruptionBlocked events.
	Blocked int
}

// Snapshot copies the records.
func (c *Collector) Snapshot() Records {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := Records{Start: c.start, Events: append([]Event(nil), c.events...), Blocked: c.blocked}
	for _, n := range c.nodes {
		r.Nodes = append(r.Nodes, *n)
	}
	for _, p := range c.pods {
		r.Pods = append(r.Pods, *p)
	}
	for _, cl := range c.claims {
		r.Claims = append(r.Claims, *cl)
	}
	return r
}
