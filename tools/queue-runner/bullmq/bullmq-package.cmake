# The one BullMQ release whose Lua scripts queue-runner embeds. Nothing of BullMQ is
# committed: the build fetches this exact tarball from the npm registry and checks it.
set(BULLMQ_VERSION 6.7.0)
set(BULLMQ_INTEGRITY "sha512-+LnKsqZ+PRV/Iul7T84qEZYOewsgtnnmTc3/TjXZk6dSaOeK68AuR/p8uzQ6WIQ8Jvf/GjitjsUrmTaRV2cfsQ==")
# In the order of enum class bullmq::Script (scripts.hpp); the number is the key count.
set(BULLMQ_SCRIPTS
  addStandardJob-9
  addDelayedJob-6
  addPrioritizedJob-9
  moveToActive-11
  moveToFinished-14
  moveToDelayed-11
  retryJob-11
  extendLocks-1
  moveStalledJobsToWait-9
  updateProgress-3
  addLog-2
  updateJobScheduler-12
  moveJobFromActiveToWait-9
  getCounts-1
  removeJob-2
  cleanJobsInSet-3
  addJobScheduler-11
  removeJobScheduler-3
)
