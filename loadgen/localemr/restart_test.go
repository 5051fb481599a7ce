package localemr

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// A restarted serve-local (same seed, same config) must not reissue the job
// ids of its previous life: a client still holding those ids would merge two
// jobs into one (issue 13, item 8).
func TestJobIDsAreUniqueAcrossRestarts(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for life := range 3 {
		_, c, _ := startServer(t, Config{Seed: DefaultSeed})
		for i := range 5 {
			out, err := c.StartJobRun(t.Context(), startInput("vc1", "job"))
			if err != nil {
				t.Fatal(err)
			}
			id := aws.ToString(out.Id)
			if prev, dup := seen[id]; dup {
				t.Fatalf("server life %d, job %d: id %s was already issued in life %d", life, i, id, prev)
			}
			seen[id] = life
		}
	}
}
