#if canImport(Glibc)
import Glibc
#endif

/// Names of the fatal signals and their `si_code` values, for `mechanism.meta.signal`.
package enum SignalDescription {
    /// The signals the crash handler catches.
    package static let handled: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// `SIGSEGV` for 11, …; `nil` for signals it does not know.
    package static func name(of signal: Int32) -> String? {
        switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        default: nil
        }
    }

    /// The name of `code` for `signal`, e.g. `SEGV_MAPERR`, `ILL_ILLOPN`.
    package static func codeName(signal: Int32, code: Int) -> String? {
        switch code {
        case 0: return "SI_USER"
        case -6: return "SI_TKILL"
        case -1: return "SI_QUEUE"
        case 0x80: return "SI_KERNEL"
        default: break
        }
        let names: [String]
        switch signal {
        case SIGSEGV: names = ["SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR"]
        case SIGBUS: names = ["BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO"]
        case SIGILL: names = ["ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"]
        case SIGTRAP: names = ["TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT"]
        case SIGFPE: names = ["FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB"]
        default: names = []
        }
        return code >= 1 && code <= names.count ? names[code - 1] : nil
    }
}
