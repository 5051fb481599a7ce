package template

import (
	"encoding/json"
	"os"
	"testing"
)

// FuzzParseRender: any input either fails to parse with an error, or renders (or fails to
// render) without panicking, and a rendered request always marshals to valid JSON in which
// variable values appear only as string contents.
func FuzzParseRender(f *testing.F) {
	for _, file := range []string{"../templates/spark-pi.json", "../templates/tpcds.json"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "us-west-2a", `b"}`)
	}
	f.Add([]byte(`{"jobTemplateId":"x","name":"${session_id}$${x}"}`), "", "")
	f.Add([]byte(`{"executionRoleArn":"${`), "a", "b")
	f.Fuzz(func(t *testing.T, data []byte, az, bucket string) {
		tpl, err := Parse("fuzz.json", data)
		if err != nil {
			if tpl != nil {
				t.Fatal("non-nil template with an error")
			}
			return
		}
		v := sampleVars()
		v.Bucket = bucket
		in, err := tpl.Render(v, Placement{AZ: az})
		if err != nil {
			return
		}
		out, err := MarshalCLIInput(in)
		if err != nil || !json.Valid(out) {
			t.Fatalf("rendered request is not valid JSON: %v\n%s", err, out)
		}
		if in.Tags[SessionTag] != v.SessionID {
			t.Fatal("session tag missing")
		}
	})
}

func BenchmarkRender(b *testing.B) {
	for _, file := range []string{"spark-pi.json", "tpcds.json"} {
		b.Run(file, func(b *testing.B) {
			tpl, err := Load("../templates/" + file)
			if err != nil {
				b.Fatal(err)
			}
			v := sampleVars()
			p := Placement{AZ: "us-west-2a", DriverNodePool: "driver", ExecutorNodePool: "executor"}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				v.JobIndex = int64(i)
				if _, err := tpl.Render(v, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
