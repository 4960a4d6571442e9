// A thread that handles items one at a time from a bounded queue, so that whoever posts
// them never waits on what handling does (a webhook, a command). Items still queued when it
// is destroyed are dropped; the one being handled is finished first.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace queue_runner::alerts {

template <typename Item>
class BackgroundQueue {
 public:
  BackgroundQueue(std::size_t bound, std::function<void(Item&)> handle) : m_bound(bound), m_handle(std::move(handle)) {
    m_thread = std::thread([this] { loop(); });
  }
  ~BackgroundQueue() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
  }
  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;

  // False, and the item dropped, when `bound` items already wait.
  bool post(Item item) {
    {
      std::lock_guard lock(m_mutex);
      if (m_items.size() >= m_bound) return false;
      m_items.push_back(std::move(item));
    }
    m_wake.notify_all();
    return true;
  }

 private:
  void loop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_wake.wait(lock, [this] { return m_stopping || !m_items.empty(); });
      if (m_stopping) return;
      Item item = std::move(m_items.front());
      m_items.pop_front();
      lock.unlock();
      m_handle(item);
      lock.lock();
    }
  }

  const std::size_t m_bound;
  std::function<void(Item&)> m_handle;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<Item> m_items;
  bool m_stopping = false;
  std::thread m_thread;  // last: starts once everything it uses exists
};

}  // namespace queue_runner::alerts
