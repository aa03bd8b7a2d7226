//! How the process takes memory from the system, where the run's size,
//! known before it starts, changes what pays.

/// Asks Linux not to back the process's memory with transparent huge
/// pages from now on. The binary's allocator (mimalloc) asks for them on
/// its arenas, and a folder run, which fills them, gains (40 corpus
/// copies: 387 → 372 ms). A small run (a few files, 1 MiB at most
/// together) touches a few MiB, and zeroing 2 MiB at each first touch
/// cost more than it saved: one small file took 7.7 ms with them, 6.7 ms
/// without (`bench/README.md`). True when the kernel took the request;
/// false elsewhere.
pub fn without_huge_pages() -> bool {
    #[cfg(target_os = "linux")]
    {
        // `PR_SET_THP_DISABLE` from <linux/prctl.h>.
        const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
        extern "C" {
            fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
        }
        // SAFETY: prctl with PR_SET_THP_DISABLE reads its four further
        // arguments as unsigned longs and touches no memory of ours.
        // Failing leaves the process as it was, which is correct, only
        // slower.
        let status = unsafe {
            prctl(
                PR_SET_THP_DISABLE,
                1 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
            )
        };
        status == 0
    }
    #[cfg(not(target_os = "linux"))]
    false
}

#[cfg(test)]
mod tests {
    /// The kernel's own account of the process (`THP_enabled` in
    /// /proc/self/status, Linux 6.x) agrees once asked. It turns huge
    /// pages off for this test process, which no test relies on.
    #[test]
    #[cfg(target_os = "linux")]
    fn the_kernel_turns_huge_pages_off() {
        let enabled = || {
            std::fs::read_to_string("/proc/self/status")
                .ok()?
                .lines()
                .find_map(|line| line.strip_prefix("THP_enabled:"))
                .map(|value| value.trim() == "1")
        };
        assert!(super::without_huge_pages());
        if let Some(enabled) = enabled() {
            assert!(!enabled, "THP_enabled is still 1");
        }
    }
}
