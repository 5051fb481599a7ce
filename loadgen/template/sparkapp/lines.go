package sparkapp

import (
	"strconv"

	yaml "go.yaml.in/yaml/v3"
)

// lineIndex maps every path of a YAML document to the line of its key (or
// list item), in the path syntax the JSON decoder reports: a.b[0].c.
func lineIndex(doc *yaml.Node) map[string]int {
	lines := map[string]int{}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		lines[""] = doc.Content[0].Line
		indexNode(doc.Content[0], "", lines)
	}
	return lines
}

func indexNode(n *yaml.Node, path string, lines map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			if _, seen := lines[p]; !seen {
				lines[p] = n.Content[i].Line
			}
			indexNode(n.Content[i+1], p, lines)
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			p := path + "[" + strconv.Itoa(i) + "]"
			lines[p] = e.Line
			indexNode(e, p, lines)
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			indexNode(n.Alias, path, lines)
		}
	}
}
