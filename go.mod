module github.com/idlconv/idlconv

go 1.26.0

require (
	github.com/apache/thrift v0.17.0
	github.com/bufbuild/protocompile v0.14.1
	github.com/cloudwego/thriftgo v0.4.3
	github.com/rogpeppe/go-internal v1.16.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.14.0
	golang.org/x/tools v0.52.0
	google.golang.org/protobuf v1.34.2
)

require (
	github.com/bytedance/gopkg v0.1.1 // indirect
	github.com/cloudwego/gopkg v0.1.10 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
