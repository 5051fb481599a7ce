package localemr

import (
	"fmt"
	"net/http"
)

type createVirtualClusterRequest struct {
	Name              *string `json:"name"`
	ClientToken       *string `json:"clientToken"`
	ContainerProvider *struct {
		Type *string `json:"type"`
		ID   *string `json:"id"`
		Info *struct {
			EksInfo *struct {
				Namespace *string `json:"namespace"`
			} `json:"eksInfo"`
		} `json:"info"`
	} `json:"containerProvider"`
	Tags                    map[string]string `json:"tags"`
	SecurityConfigurationID *string           `json:"securityConfigurationId"`
}

func (r *createVirtualClusterRequest) validate() *apiError {
	var v violations
	v.required("name", r.Name != nil)
	v.str("name", r.Name, 1, 64, resourceNameRe)
	v.required("clientToken", r.ClientToken != nil)
	v.str("clientToken", r.ClientToken, 1, 64, nonBlankRe)
	v.required("containerProvider", r.ContainerProvider != nil)
	validateTags(&v, "tags", r.Tags)
	if cp := r.ContainerProvider; cp != nil {
		v.required("containerProvider.type", cp.Type != nil)
		if cp.Type != nil && *cp.Type != "EKS" {
			v.add("Value '%s' at 'containerProvider.type' failed to satisfy constraint: Member must satisfy enum value set: [EKS]", *cp.Type)
		}
		v.required("containerProvider.id", cp.ID != nil)
		v.str("containerProvider.id", cp.ID, 1, 100, clusterIDRe)
		v.str("containerProvider.info.eksInfo.namespace", r.namespace(), 1, 63, namespaceRe)
	}
	return v.err()
}

func (r *createVirtualClusterRequest) namespace() *string {
	cp := r.ContainerProvider
	if cp == nil || cp.Info == nil || cp.Info.EksInfo == nil {
		return nil
	}
	return cp.Info.EksInfo.Namespace
}

func (s *Server) createVirtualCluster(r *http.Request) (any, *apiError) {
	var req createVirtualClusterRequest
	if e := decodeBody(r, &req); e != nil {
		return nil, e
	}
	if e := req.validate(); e != nil {
		return nil, e
	}
	ns := "default"
	if p := req.namespace(); p != nil {
		ns = *p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.store.advance(now)
	vc := VirtualCluster{Name: *req.Name, Namespace: ns, Tags: req.Tags}
	v, err := s.store.addVirtualCluster(vc, *req.ClientToken, *req.ContainerProvider.ID, now)
	if err != nil {
		return nil, validationErr(err.Error())
	}
	return struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Arn  string `json:"arn"`
	}{v.id, v.name, v.arn}, nil
}

func (s *Server) describeVirtualCluster(r *http.Request) (any, *apiError) {
	id := r.PathValue("virtualClusterId")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.advance(s.now())
	v := s.store.vcByID[id]
	if v == nil {
		return nil, notFoundErr(fmt.Sprintf("Virtual cluster %s doesn't exist.", id))
	}
	return struct {
		VirtualCluster virtualClusterOut `json:"virtualCluster"`
	}{virtualClusterView(v)}, nil
}

// deleteVirtualCluster cancels the cluster's live job runs: it is TERMINATING until they are
// CANCELLED, then TERMINATED (it stays listed, as on AWS). Deleting again is a no-op.
func (s *Server) deleteVirtualCluster(r *http.Request) (any, *apiError) {
	id := r.PathValue("virtualClusterId")
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.store.advance(now)
	v := s.store.vcByID[id]
	if v == nil {
		return nil, validationErr(fmt.Sprintf("Virtual cluster %s doesn't exist.", id))
	}
	s.store.deleteVirtualCluster(v, now.UnixNano())
	return struct {
		ID string `json:"id"`
	}{id}, nil
}

var vcStates = []string{vcRunning, vcTerminating, vcTerminated, "ARRESTED"}

// listVirtualClusters pages through virtual clusters in creation order.
func (s *Server) listVirtualClusters(r *http.Request) (any, *apiError) {
	lq, e := parseListQuery(r, vcStates)
	if e != nil {
		return nil, e
	}
	q := r.URL.Query()
	provider, ptype := q.Get("containerProviderId"), q.Get("containerProviderType")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.advance(s.now())
	all := s.store.vcs
	pos, e := decodeToken(lq.token, "vcs", len(all))
	if e != nil {
		return nil, e
	}
	if lq.token == "" {
		pos = 0
	}
	out := struct {
		VirtualClusters []virtualClusterOut `json:"virtualClusters"`
		NextToken       string              `json:"nextToken,omitempty"`
	}{VirtualClusters: []virtualClusterOut{}}
	for ; pos < len(all) && len(out.VirtualClusters) < lq.max; pos++ {
		v := all[pos]
		created := v.createdAt.UnixNano()
		if (provider != "" && v.eksCluster != provider) || (ptype != "" && ptype != "EKS") ||
			(lq.states != nil && !lq.states[v.state]) ||
			(lq.after != 0 && created < lq.after) || (lq.before != 0 && created > lq.before) {
			continue
		}
		out.VirtualClusters = append(out.VirtualClusters, virtualClusterView(v))
	}
	if pos < len(all) {
		out.NextToken = encodeToken("vcs", all[pos].id, pos)
	}
	return out, nil
}
