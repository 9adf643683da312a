start=$(date +%s%N)
node dist/cli.js --port 18986 --log-level warn > /dev/null &
pid=$!
until curl -s -o /dev/null -X POST 'http://127.0.0.1:18986/?Action=ListCardInfo' 2>/dev/null; do sleep 0.01; done
end=$(date +%s%N)
echo "startup to first answered request: $(( (end-start)/1000000 )) ms"
kill $pid
