using System.Runtime.InteropServices;

namespace StreamRefiner.Benchmarks;

/// <summary>Prints results as aligned tables, with the machine they were measured on.</summary>
internal static class Report
{
    public static void Machine()
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"when: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z");
        Console.WriteLine();
    }

    public static void Table(string title, IReadOnlyList<(string Name, string Value)> rows)
    {
        Console.WriteLine(title);
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"  {name.PadRight(width)}  {value,12}");
        }

        Console.WriteLine();
    }
}
