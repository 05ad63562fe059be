-- The storm: each wrk thread (one connection each) is one worker with its own RM session rm-N and thread th-N,
-- cycling attach -> WRITE fault -> detach over 64 slots of 64 KiB. One connection per thread keeps each worker's
-- requests in order, so every fault finds its region and every detach its attach.
local lab = os.getenv("LAB")
local workers = 0

function setup(thread)
  workers = workers + 1
  thread:set("worker", workers)
end

function init(args)
  step = 0
end

function request()
  local rm, th = "rm-" .. worker, "th-" .. worker
  local phase, slot = step % 3, math.floor(step / 3) % 64
  step = step + 1
  local at = string.format("0x%x", slot * 65536)
  local base = "/api/v1/labs/" .. lab
  local json = {["Content-Type"] = "application/json"}
  if phase == 0 then
    return wrk.format("POST", base .. "/rm-sessions/" .. rm .. "/regions", json,
      '{"dataspace":"ds-1","at":"' .. at .. '"}')
  elseif phase == 1 then
    return wrk.format("POST", base .. "/threads/" .. th .. "/faults", json, '{"addr":"' .. at .. '","type":"WRITE"}')
  end
  return wrk.format("DELETE", base .. "/rm-sessions/" .. rm .. "/regions/" .. at)
end
