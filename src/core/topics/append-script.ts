/**
 * Appends one event to several streams under one id, made in Redis so ids are ordered across every instance and
 * topic: `<ms>-<n>` from Redis's own clock, never below the last id handed out. A dedupe key, when given, makes a
 * repeat a no-op. Each stream is trimmed by age (MINID) and length (MAXLEN) and expires when idle.
 *
 * KEYS[1] the head (last id), KEYS[2] the dedupe key (or the head again, unused), KEYS[3..] the streams.
 * ARGV: event, data (JSON), history ms, max length, idle ttl ms, dedupe ('1'/'0'), dedupe ttl ms.
 */
export const APPEND_SCRIPT = `
if ARGV[6] == '1' then
  if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[7]) then return false end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms, n = now, 0
local last = redis.call('GET', KEYS[1])
if last then
  local lms, ln = string.match(last, '^(%d+)-(%d+)$')
  lms = tonumber(lms)
  if now <= lms then ms = lms; n = tonumber(ln) + 1 end
end
local id = string.format('%d-%d', ms, n)
redis.call('SET', KEYS[1], id)
local minid = string.format('%d-0', now - tonumber(ARGV[3]))
for i = 3, #KEYS do
  redis.call('XADD', KEYS[i], 'MINID', '~', minid, id, 'e', ARGV[1], 'a', string.format('%d', now), 'd', ARGV[2])
  redis.call('XTRIM', KEYS[i], 'MAXLEN', '~', ARGV[4])
  redis.call('PEXPIRE', KEYS[i], ARGV[5])
end
return id
`;
