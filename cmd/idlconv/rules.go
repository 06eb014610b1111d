package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/idlconv/idlconv/breaking"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

func newRulesCommand(reg *convert.Registry, stdout io.Writer) *cobra.Command {
	var markdown bool
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every diagnostic rule: ID, severity, directions and purpose",
		Long: `List every diagnostic rule idlconv reports: its ID (shown in brackets
after each diagnostic), its severity, the directions it applies to and its
purpose. docs/mapping.md describes each in its context.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := allRules(reg)
			if err != nil {
				return err
			}
			if markdown {
				_, err = io.WriteString(stdout, rulesMarkdown(rules))
				return err
			}
			return writeRulesText(stdout, rules)
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print the table of docs/mapping.md's rule index")
	return cmd
}

// allRules are the rules of the registry's formats and directions, then
// those of idlconv check.
func allRules(reg *convert.Registry) ([]schema.Rule, error) {
	rules, err := reg.Rules()
	if err != nil {
		return nil, err
	}
	return append(rules, breaking.Rules()...), nil
}

// writeRulesText prints the rules as aligned columns.
func writeRulesText(w io.Writer, rules []schema.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tDIRECTIONS\tPURPOSE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.SeverityText(), r.DirectionText(), r.Purpose)
	}
	return tw.Flush()
}

// rulesMarkdown is the rule index table of docs/mapping.md.
func rulesMarkdown(rules []schema.Rule) string {
	var b strings.Builder
	b.WriteString("| rule ID | severity | directions | purpose |\n| --- | --- | --- | --- |\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, r.SeverityText(), r.DirectionText(), r.Purpose)
	}
	return b.String()
}
