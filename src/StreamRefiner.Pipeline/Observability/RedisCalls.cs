using StackExchange.Redis;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Runs one Redis exchange of the decide stage to completion, timing it into
/// <see cref="PipelineMetrics.RedisDuration"/> and counting failures into <see cref="PipelineMetrics.RedisErrors"/>.
/// </summary>
public static class RedisCalls
{
    public static T Run<T>(TimeProvider clock, string operation, Func<Task<T>> call)
    {
        var started = clock.GetTimestamp();
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            PipelineMetrics.RedisErrors.WithLabels(operation).Inc();
            throw;
        }
        finally
        {
            PipelineMetrics.RedisDuration.WithLabels(operation).Observe(clock.GetElapsedTime(started).TotalSeconds);
        }
    }

    public static void Run(TimeProvider clock, string operation, Func<Task> call) =>
        Run(clock, operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
}
