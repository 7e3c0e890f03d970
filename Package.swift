// swift-tools-version:6.0
import PackageDescription

// Targets that touch C libraries (zlib, libarchive) are confined to OhanaArchive, so the
// parsers and learning code build and test without them.
let package = Package(
  name: "Ohana",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ohana", targets: ["ohana"]),
    .executable(name: "fuzz-gedcom", targets: ["FuzzGEDCOM"]),
    .executable(name: "ohana-bench", targets: ["ohana-bench"]),
    .executable(name: "fuzz-csv", targets: ["FuzzCSV"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  targets: [
    // C libraries through pkg-config.
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CArchive", path: "Sources/CArchive", pkgConfig: "libarchive",
      providers: [.apt(["libarchive-dev"])]),

    // A cache-line prefetch, which Swift does not offer (a header-only C function, no library).
    .target(name: "CPrefetch"),
    // Runs independent pieces of work on all cores: results in order, nesting without deadlock.
    .target(name: "OhanaParallel"),
    // Canonical JSON values and their byte-stable encoding.
    .target(name: "OhanaJSON"),
    // Durable, atomic file-system primitives (temp file, fsync, rename, fsync dir).
    .target(name: "OhanaFiles", dependencies: ["OhanaParallel"]),
    // Content-addressed store, hash-chained audit log, registry manifests.
    .target(
      name: "OhanaStore",
      dependencies: [
        "OhanaJSON", "OhanaFiles",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // ohana.yaml: pipelines, thresholds, limits.
    .target(name: "OhanaConfig", dependencies: ["OhanaJSON", .product(name: "Yams", package: "Yams")]),
    // Safe streaming readers for gzip, zip and tar (the only module using C libraries).
    .target(name: "OhanaArchive", dependencies: ["CZlib", "CArchive"]),
    // HTML escaping and inline-SVG charts for the reports.
    .target(name: "OhanaHTML"),
    // The GEDCOM date grammar as comparable day ranges.
    .target(name: "OhanaDates"),
    // GEDCOM parsing, diagnostics, writing and the family graph.
    .target(
      name: "OhanaGEDCOM",
      dependencies: ["CPrefetch", "OhanaDates", "OhanaFiles", "OhanaJSON", "OhanaHTML", "OhanaParallel"]),
    // Simulated family trees (with the truth) and tables, for the demo and for measurements.
    .target(name: "OhanaSynth", dependencies: ["OhanaJSON"]),
    // Learning algorithms shared by both pipelines: logistic regression, gradient-boosted trees,
    // metrics.
    .target(name: "OhanaLearn", dependencies: ["OhanaJSON", "OhanaParallel"]),
    // Tables: streaming CSV, type inference, the columnar dataset artifact, schemas,
    // expectations and the encoding of rows as features.
    .target(name: "OhanaTabular", dependencies: ["OhanaFiles", "OhanaJSON", "OhanaLearn", "OhanaParallel"]),
    // Classifiers for tables: cross-validated selection among the model families, the tuned
    // threshold, and the portable model artifact.
    .target(name: "OhanaClassifiers", dependencies: ["OhanaTabular", "OhanaLearn", "OhanaJSON"]),
    // Monitoring statistics and their files: drift tests, z-tests, ADWIN, alert rules,
    // Prometheus exposition, experiment assignment.
    .target(name: "OhanaMonitor", dependencies: ["OhanaJSON", "OhanaHTML", "OhanaLearn"]),
    // Parent prediction: candidates, features, models (heuristic, logistic, boosted trees,
    // GraphSAGE), the masked-link evaluation protocol and predictions.
    .target(
      name: "OhanaParentage",
      dependencies: ["OhanaGEDCOM", "OhanaLearn", "OhanaJSON", "OhanaDates", "OhanaParallel"]),
    // The model registry: semver versions, stages, channels, the promotion gate, triggers.
    .target(name: "OhanaLifecycle", dependencies: ["OhanaStore", "OhanaJSON", "OhanaFiles"]),
    // Training, promotion, scheduling and predictions of the pipelines, as files.
    .target(
      name: "OhanaTraining",
      dependencies: [
        "OhanaIngest", "OhanaLifecycle", "OhanaParentage", "OhanaLearn", "OhanaGEDCOM", "OhanaStore", "OhanaConfig",
        "OhanaFiles", "OhanaJSON", "OhanaHTML", "OhanaTabular", "OhanaClassifiers", "OhanaWatch", "OhanaMonitor",
      ]),
    // inotify with rescan fallback; detection of files still open for writing.
    .target(name: "OhanaWatch"),
    // The inbox: claims, type detection, routing, storing, receipts and rejections.
    .target(
      name: "OhanaIngest",
      dependencies: [
        "OhanaJSON", "OhanaFiles", "OhanaStore", "OhanaConfig", "OhanaArchive", "OhanaGEDCOM",
        "OhanaWatch", "OhanaTabular", "OhanaHTML",
      ]),
    .executableTarget(
      name: "ohana",
      dependencies: [
        "OhanaIngest", "OhanaGEDCOM", "OhanaStore", "OhanaConfig", "OhanaJSON", "OhanaSynth",
        "OhanaFiles", "OhanaWatch", "OhanaTraining", "OhanaLifecycle",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "FuzzGEDCOM", dependencies: ["OhanaGEDCOM"]),
    .executableTarget(name: "FuzzCSV", dependencies: ["OhanaTabular"]),
    // In-process stage timings for `make bench`.
    .executableTarget(
      name: "ohana-bench",
      dependencies: ["OhanaFiles", "OhanaGEDCOM", "OhanaTabular", "OhanaClassifiers", "OhanaLearn", "OhanaMonitor"],
      path: "bench/Sources/ohana-bench"),

    // Temporary directories, the shared data path and a runner for the built executable.
    .target(name: "OhanaTestSupport", path: "Sources/OhanaTestSupport"),

    .testTarget(name: "OhanaParallelTests", dependencies: ["OhanaParallel"]),
    .testTarget(name: "OhanaJSONTests", dependencies: ["OhanaJSON"]),
    .testTarget(name: "OhanaFilesTests", dependencies: ["OhanaFiles", "OhanaTestSupport"]),
    .testTarget(
      name: "OhanaStoreTests", dependencies: ["OhanaStore", "OhanaJSON", "OhanaFiles", "OhanaTestSupport"]),
    .testTarget(name: "OhanaConfigTests", dependencies: ["OhanaConfig"]),
    .testTarget(name: "OhanaArchiveTests", dependencies: ["OhanaArchive"]),
    .testTarget(name: "OhanaDatesTests", dependencies: ["OhanaDates"]),
    .testTarget(
      name: "OhanaGEDCOMTests",
      dependencies: ["OhanaGEDCOM", "OhanaDates", "OhanaFiles", "OhanaJSON", "OhanaTestSupport"]),
    .testTarget(name: "OhanaWatchTests", dependencies: ["OhanaWatch"]),
    .testTarget(
      name: "OhanaLifecycleTests", dependencies: ["OhanaLifecycle", "OhanaStore", "OhanaJSON", "OhanaTestSupport"]),
    .testTarget(
      name: "OhanaTrainingTests",
      dependencies: [
        "OhanaTraining", "OhanaLifecycle", "OhanaIngest", "OhanaSynth", "OhanaJSON", "OhanaStore", "OhanaTestSupport",
      ]),
    .testTarget(name: "OhanaLearnTests", dependencies: ["OhanaLearn", "OhanaJSON"]),
    .testTarget(
      name: "OhanaParentageTests",
      dependencies: ["OhanaParentage", "OhanaLearn", "OhanaGEDCOM", "OhanaSynth", "OhanaJSON", "OhanaTestSupport"]),
    .testTarget(name: "OhanaTabularTests", dependencies: ["OhanaTabular", "OhanaLearn", "OhanaJSON", "OhanaTestSupport"]),
    .testTarget(
      name: "OhanaClassifiersTests", dependencies: ["OhanaClassifiers", "OhanaTabular", "OhanaLearn", "OhanaJSON", "OhanaTestSupport"]),
    .testTarget(name: "OhanaMonitorTests", dependencies: ["OhanaMonitor", "OhanaJSON", "OhanaLearn", "OhanaTestSupport"]),
    .testTarget(name: "OhanaSynthTests", dependencies: ["OhanaSynth", "OhanaJSON"]),
    .testTarget(
      name: "OhanaIngestTests",
      dependencies: [
        "OhanaIngest", "OhanaStore", "OhanaJSON", "OhanaConfig", "OhanaFiles", "OhanaTestSupport", "OhanaGEDCOM",
        "OhanaTabular",
      ]),
  ]
)
