using StreamRefiner.Rules;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner validate [FILE]</c>: loads a rules file exactly as the worker would and prints every error
/// and warning as <c>file:line:column: severity: message</c>. Exits 1 when there are errors. Without FILE, the
/// built-in default rules are checked.
/// </summary>
public static class ValidateCommand
{
    public static int Run(string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (file is not null && !File.Exists(file))
        {
            Console.Error.WriteLine($"{file}: no such file");
            return 2;
        }

        var result = file is null ? RulesLoader.LoadDefault() : RulesLoader.LoadFile(file);
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.WriteLine(diagnostic);
        }

        var errors = result.Diagnostics.Count(d => d.Severity == RulesSeverity.Error);
        var warnings = result.Diagnostics.Count - errors;
        if (result.Rules is { } rules)
        {
            Console.WriteLine($"{file ?? RulesLoader.DefaultRulesName}: rules {rules.Version}, " +
                $"{rules.Segments.Count} segments ({string.Join(", ", rules.Segments.Select(s => s.Name))}), " +
                $"{Count(warnings, "warning")}");
        }
        else
        {
            Console.WriteLine($"{file ?? RulesLoader.DefaultRulesName}: {Count(errors, "error")}, " +
                $"{Count(warnings, "warning")}");
        }

        return errors > 0 ? 1 : 0;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
