// The integration tests here start real servers and worker processes and wait on real timings; run side by
// side on a 2-core machine they starve each other (the fault tests' worker processes especially), so the
// test classes of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
