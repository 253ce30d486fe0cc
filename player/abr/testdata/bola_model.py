# Independent model of dash.js BOLA-E (BolaRule + InsufficientBufferRule) driven by
# the toy player of bola_test.go; TestBolaESequences expects its output.
# Run: python3 testdata/bola_model.py
import math
B=[300e3,750e3,1200e3,1850e3,2850e3,4300e3]
U=[math.log(x/B[0])+1 for x in B]
SEG=10.0; MAXBUF=30.0; TTFB=0.1
bt=max(max(MAXBUF-SEG,SEG),10+2*len(B))  # BufferCeiling: 20 s
GP=(U[-1]-1)/(bt/10-1); VP=10/GP
def qbuf(L):
  best=-1e300;q=0
  for i in range(len(B)):
    s=(VP*(U[i]+GP)-L)/B[i]
    if s>=best: best=s;q=i
  return q
def mx(q): return VP*(U[q]+GP)
def mn(q):
  lo=0.0
  for i in range(q-1,-1,-1):
    lo=max(lo,VP*(GP+(B[q]*U[i]-B[i]*U[q])/(B[q]-B[i])))
  return lo
def qbr(bps,lat):
  if lat>SEG: return 0
  bps*=1-lat/SEG
  q=0
  for i,b in enumerate(B):
    if b>bps: break
    q=i
  return q
def thr(samples):
  last=[s for s in samples if not s['ab']][-4:]
  if not last: return None
  return sum(s['bytes']*8/(s['dur']-s['ttfb']) for s in last)/len(last), sum(s['ttfb'] for s in last)/len(last)

def run(link, seek_at=None):
  now=0.0;buf=0.0;playing=False;cur=-1;samples=[];idx=0
  # bola state
  steady=False;ph=0.0;downloaded=False;most=-1;called=False;lastnow=0;lastbuf=0;seen=0;played=False;lastidx=0
  ign=2; iplayed=False
  out=[]
  for step,mbps in enumerate(link):
    if seek_at is not None and step==seek_at:
      idx+=7; buf=0.0; playing=False
    if buf+SEG>MAXBUF:
      w=buf+SEG-MAXBUF; now+=w; buf-=w
    # ---- bola
    fresh=samples[seen:] if called else []
    seek = called and idx!=lastidx+1 and idx!=lastidx
    if seek: played=False
    if playing: played=True
    stalled = played and not playing
    prevnow,prevbuf,wascalled=lastnow,lastbuf,called
    called=True;lastnow=now;lastbuf=buf;lastidx=idx;seen=len(samples)
    if seek: steady=False;ph=0;downloaded=False;most=-1
    fin=0.0
    for x in fresh:
      fin+=x['dur']
      downloaded=True
      ph*=0.99
      ph=min(ph,max(0,mx(x['v'])-prevbuf))
      if x['seg']<=most: ph+=SEG
      most=max(most,x['seg'])
    if stalled and steady: ph=0
    t=thr(samples)
    if t is None:
      qb=1  # startup policy: unknown network → 360p
    else:
      bps,lat=t; safe=bps*0.9
      if not steady:
        qb=qbr(safe,lat); ph=max(0,mn(qb)-buf)
        if downloaded and buf>=SEG: steady=True
      else:
        if wascalled:
          idle=now-prevnow
          if fresh: idle-=fin
          ph+=max(0,idle)
        qb=qbuf(buf+ph)
        if cur>=0:
          qt=qbr(safe,lat)
          if qb>cur and qb>qt: qb=max(qt,cur)
        ex=max(0,buf+ph-mx(qb))
        if ex<=ph: ph-=ex
        else: ph=0
    # ---- insufficient buffer (its own tracker, same events)
    if seek: ign=2
    for x in fresh:
      if ign>0: ign-=1
    qi=None
    if ign==0:
      if stalled: qi=0
      elif t is not None:
        qi=qbr(t[0]*buf/SEG*0.5,t[1])
    q=qb if qi is None else min(qb,qi)
    out.append(q)
    # ---- download
    size=int(B[q]*SEG/8)
    dur=TTFB+size*8/(mbps*1e6)
    stall=False
    if playing:
      if dur>buf: stall=True; buf=0
      else: buf-=dur
    now+=dur; buf+=SEG
    samples.append(dict(v=q,seg=idx,bytes=size,ttfb=TTFB,dur=dur,ab=False))
    playing = not stall
    cur=q; idx+=1
  return out
link=[3]*6+[6]*6+[1]*4+[4]*6
print(run(link))
print(run([1.5]*5+[0.4]*3+[5]*6))
print(run([4]*12, seek_at=6))
