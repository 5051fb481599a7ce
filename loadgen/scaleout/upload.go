package scaleout

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// PutObjectAPI is the one S3 call Upload needs (the SDK client has it).
type PutObjectAPI interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// Destination is where results go: a local directory or s3://bucket/prefix.
type Destination struct {
	Dir            string // local directory ("" for S3)
	Bucket, Prefix string // S3
}

// ParseDestination reads --results: a directory or s3://bucket[/prefix].
func ParseDestination(s string) (Destination, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		if s == "" {
			return Destination{}, fmt.Errorf("%w: --results is empty: give a directory or s3://bucket/prefix", ErrUsage)
		}
		return Destination{Dir: s}, nil
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return Destination{}, fmt.Errorf("%w: --results %q: no bucket; want s3://bucket/prefix", ErrUsage, s)
	}
	return Destination{Bucket: bucket, Prefix: strings.Trim(prefix, "/")}, nil
}

// IsS3 reports whether the destination is a bucket.
func (d Destination) IsS3() bool { return d.Bucket != "" }

func (d Destination) String() string {
	if d.IsS3() {
		return "s3://" + path.Join(d.Bucket, d.Prefix)
	}
	return d.Dir
}

// Upload copies every file under runDir to the destination under rel (e.g.
// <session>/worker-3), keeping the layout, so that the destination holds
// runs/<session>/worker-<i>/... for `loadgen report`. api may be nil for a
// local destination. It returns the names written.
func Upload(ctx context.Context, api PutObjectAPI, runDir string, d Destination, rel string) ([]string, error) {
	var written []string
	err := filepath.WalkDir(runDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		name, err := filepath.Rel(runDir, p)
		if err != nil {
			return err
		}
		dst, err := put(ctx, api, d, filepath.ToSlash(filepath.Join(rel, name)), p)
		written = append(written, dst)
		return err
	})
	if err != nil {
		return written, fmt.Errorf("uploading results to %s: %w", d, err)
	}
	return written, nil
}

func put(ctx context.Context, api PutObjectAPI, d Destination, name, src string) (string, error) {
	f, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if !d.IsS3() {
		return copyFile(f, filepath.Join(d.Dir, filepath.FromSlash(name)))
	}
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	key := strings.TrimPrefix(path.Join(d.Prefix, name), "/")
	_, err = api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(d.Bucket), Key: aws.String(key), Body: f,
		ContentLength: aws.Int64(st.Size()), ContentType: aws.String(contentType(name))})
	return "s3://" + d.Bucket + "/" + key, err
}

func copyFile(src io.Reader, dst string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	out, err := os.Create(dst)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return "", err
	}
	return dst, out.Close()
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".json":
		return "application/json"
	case ".csv":
		return "text/csv"
	case ".jsonl":
		return "application/x-ndjson"
	}
	return "application/octet-stream"
}
