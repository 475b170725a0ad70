package org.dkumonitor.server.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The targets the parity test renders, named by the function each checks: at least one per
 * function served, and for every function that takes series, {@link ParityEdges}' cases over
 * series with nulls, of mixed steps and matching nothing. S is a glob over four minute-step
 * hosts, R their request counters. $T2, $T3, $T12 are epoch seconds 2, 3 and 12 hours before
 * the end of the window: graphite-web reads relative times in functions against its own clock,
 * not against the request's {@code now}. Every request renders the same six hours as seen at
 * the same fixed {@code now}, the one the whisper tree is generated for, so the answers never
 * move.
 */
final class ParityCorpus {

    static final long NOW = 1_700_000_000L;
    static final long UNTIL = NOW - Math.floorMod(NOW, 60) - 120;
    static final long FROM = UNTIL - 6 * 3600;

    /** An event of graphite-web's events API: when, and its tags. */
    record Event(long when, List<String> tags) {
    }

    /** The events both servers hold for events(): two in one second, one outside the window. */
    static final List<Event> EVENTS = List.of(
            new Event(UNTIL - 3 * 3600 + 17, List.of("deploy", "web")),
            new Event(UNTIL - 3 * 3600 + 17, List.of("deploy")),
            new Event(UNTIL - 2 * 3600 + 5, List.of("web", "db")),
            new Event(UNTIL - 3600, List.of("deploy", "web", "db")),
            new Event(FROM - 100, List.of("deploy", "web")));

    private ParityCorpus() {
    }

    /** What a case's input holds; RANDOM: the values are random, only their shape is compared. */
    enum Kind { PLAIN, NULLS, MIXED_STEPS, EMPTY, RANDOM }

    /** One render request: target, extra query parameters ("&format=csv"), what it checks. */
    record Case(String function, String target, String extra, Kind kind) {

        /** What the golden files know the case by. */
        String key() {
            return target + extra;
        }

        /** The request, the same for both servers. */
        String query() {
            return "/render?target=" + URLEncoder.encode(times(target), StandardCharsets.UTF_8)
                    + "&from=" + FROM + "&until=" + UNTIL
                    + (extra.contains("now=") ? "" : "&now=" + NOW) + "&noCache=1"
                    + (extra.contains("format=") ? "" : "&format=json") + times(extra);
        }

        private static String times(String text) {
            return text.replace("$T12", Long.toString(UNTIL - 12 * 3600))
                    .replace("$T2", Long.toString(UNTIL - 2 * 3600))
                    .replace("$T3", Long.toString(UNTIL - 3 * 3600));
        }

        /** The answer's format: json unless the case asks for csv or raw. */
        String format() {
            return extra.contains("format=csv") ? "csv" : extra.contains("format=raw") ? "raw"
                    : "json";
        }
    }

    private static final String S = "servers.web0[1-4].cpu.load";
    private static final String R = "servers.web0[1-4].http.requests";
    private static final Set<String> RANDOM = Set.of("randomWalk", "randomWalkFunction");

    /** Every case: the plain ones, then the edge cases. */
    static List<Case> cases() {
        List<Case> all = new ArrayList<>(plainCases());
        all.addAll(ParityEdges.cases());
        return all;
    }

    private static List<Case> plainCases() {
        String text = """
            path|servers.web01.cpu.load
            path|servers.*.cpu.load
            path|servers.{web01,web03}.cpu.load
            path|servers.web0[!13].cpu.load
            path|nosuch.*
            now|servers.web01.cpu.load|&from=-2h&until=now&now=$T2
            tz|$S|&format=csv&tz=Europe/Paris
            aggregate|aggregate($S, 'max')
            aggregate|aggregate($S, 'median', 0.5)
            sumSeries|sumSeries($S)
            sumSeries|sumSeries(servers.*.cpu.load)
            sumSeries|sumSeries($S, apps.neg.value)
            sum|sum($S)
            averageSeries|averageSeries($S)
            avg|avg($S)
            minSeries|minSeries($S)
            maxSeries|maxSeries($S)
            diffSeries|diffSeries($S)
            stddevSeries|stddevSeries($S)
            rangeOfSeries|rangeOfSeries($S)
            multiplySeries|multiplySeries($S)
            multiplySeries|multiplySeries(servers.web01.cpu.load)
            countSeries|countSeries($S)
            group|group(servers.web01.cpu.load, apps.neg.value)
            aggregateWithWildcards|aggregateWithWildcards(servers.*.*.*, 'sum', 1)
            sumSeriesWithWildcards|sumSeriesWithWildcards(servers.*.*.*, 1)
            averageSeriesWithWildcards|averageSeriesWithWildcards(servers.*.*.*, 1, 2)
            multiplySeriesWithWildcards|multiplySeriesWithWildcards($S, 1)
            aggregateSeriesLists|aggregateSeriesLists($S, $R, 'sum')
            sumSeriesLists|sumSeriesLists($S, $R)
            diffSeriesLists|diffSeriesLists($R, $S)
            multiplySeriesLists|multiplySeriesLists($S, $S)
            divideSeries|divideSeries($S, servers.web01.cpu.load)
            divideSeries|divideSeries($S, nosuch.metric)
            divideSeriesLists|divideSeriesLists($S, $R)
            asPercent|asPercent($S)
            asPercent|asPercent($S, 10)
            asPercent|asPercent($S, servers.web01.cpu.load)
            asPercent|asPercent($S, $R)
            asPercent|asPercent(servers.*.*.*, None, 1)
            pct|pct($S)
            asPercent|asPercent(servers.*.cpu.load)
            asPercent|asPercent(servers.*.cpu.load, servers.web05.cpu.load)
            asPercent|asPercent(servers.web0[15].cpu.load, 50)
            divideSeries|divideSeries(servers.*.cpu.load, servers.web05.cpu.load)
            averageSeries|averageSeries(servers.*.cpu.load)
            percentileOfSeries|percentileOfSeries(servers.*.cpu.load, 50)
            percentileOfSeries|percentileOfSeries($S, 50)
            percentileOfSeries|percentileOfSeries($S, 75, true)
            groupByNode|groupByNode(servers.*.*.*, 1)
            groupByNode|groupByNode(servers.*.*.*, 2, 'sum')
            groupByNode|groupByNode(servers.*.*.*, 1, 'sumSeries')
            groupByNodes|groupByNodes(servers.*.*.*, 'max', 1, 3)
            mapSeries|mapSeries(servers.*.*.*, 1)
            weightedAverage|weightedAverage($S, $R, 1)
            path|servers.**.load
            path|servers.web01.**
            sumSeries|sumSeries(servers.**)
            nested|sumSeries(nonNegativeDerivative($R))
            nested|sumSeries(nonNegativeDerivative(servers.*.http.requests))
            nested|averageSeries(scale($S, 2))
            nested|maxSeries(derivative($R))
            nested|minSeries(perSecond($R))
            nested|diffSeries(integral($S))
            nested|stddevSeries(offset($S, 1))
            nested|rangeOfSeries(absolute($S))
            nested|multiplySeries(add($S, 1))
            nested|countSeries(derivative($R))
            nested|sumSeries(keepLastValue($S))
            nested|sumSeries(movingAverage($S, 3))
            nested|sumSeries(summarize($S, '1h'))
            nested|sumSeries(timeShift($S, '1h'))
            nested|sumSeries(alias($S, 'x'))
            nested|sumSeries(aliasByNode($S, 1))
            nested|sumSeries(sumSeries($S), scale(servers.web01.cpu.load, 2))
            nested|sumSeries(log($S))
            nested|sumSeries(transformNull($S))
            nested|sumSeries(delay($S, 2))
            nested|avg(nonNegativeDerivative($R))
            nested|sum(perSecond($R))
            nested|aggregate(nonNegativeDerivative($R), 'sum')
            nested|aggregate(scale($S, 2), 'average')
            nested|aggregate(derivative($R), 'max', 0.5)
            nested|aggregate(integral($S), 'median')
            nested|percentileOfSeries(scale($S, 2), 50)
            nested|asPercent(scale($S, 2))
            nested|sumSeriesWithWildcards(nonNegativeDerivative(servers.*.*.*), 1)
            nested|groupByNode(nonNegativeDerivative($R), 1, 'sumSeries')
            nested|aggregateWithWildcards(scale(servers.*.*.*, 2), 'sum', 1)
            nested|sumSeriesLists(scale($S, 2), $R)
            scale|scale($S, 2.5)
            scale|scale($S, 2)
            offset|offset($S, -1)
            add|add($S, 0.5)
            absolute|absolute(apps.neg.value)
            squareRoot|squareRoot(apps.neg.value)
            invert|invert(apps.neg.value)
            pow|pow($S, 2)
            powSeries|powSeries(servers.web01.cpu.load, servers.web02.cpu.load)
            exp|exp(servers.web01.cpu.load)
            sigmoid|sigmoid(apps.neg.value)
            logit|logit(scale($S, 0.1))
            log|log($S)
            log|log(apps.neg.value, 2)
            round|round($S)
            round|round($S, 1)
            offsetToZero|offsetToZero($S)
            minMax|minMax($S)
            scaleToSeconds|scaleToSeconds($R, 1)
            derivative|derivative($R)
            nonNegativeDerivative|nonNegativeDerivative($R)
            nonNegativeDerivative|nonNegativeDerivative($R, 100000)
            perSecond|perSecond($R)
            perSecond|perSecond(servers.*.http.requests)
            integral|integral($S)
            integralByInterval|integralByInterval($S, '1h')
            keepLastValue|keepLastValue($S)
            keepLastValue|keepLastValue($S, 2)
            keepLastValue|keepLastValue(apps.sparse.value, 5)
            interpolate|interpolate(apps.sparse.value)
            interpolate|interpolate(apps.sparse.value, 5)
            transformNull|transformNull($S)
            transformNull|transformNull($S, -1)
            transformNull|transformNull(apps.sparse.value, 0, $S)
            isNonNull|isNonNull($S)
            delay|delay($S, 3)
            delay|delay($S, -2)
            summarize|summarize($S, '1h')
            summarize|summarize($S, '1h', 'avg')
            summarize|summarize($S, '15min', 'max', true)
            summarize|summarize($R, '1d', 'last')
            smartSummarize|smartSummarize($S, '1h')
            smartSummarize|smartSummarize($S, '1h', 'avg', '1h')
            smartSummarize|smartSummarize($S, '1h', 'avg', 'hours')
            smartSummarize|smartSummarize($S, '1d', 'sum', 'days')
            hitcount|hitcount($S, '1h')
            hitcount|hitcount($S, '7min')
            hitcount|hitcount($S, '1h', true)
            timeShift|timeShift($S, '1h')
            timeShift|timeShift($S, '+30min')
            timeShift|timeShift($S, '1d', false)
            timeStack|timeStack(servers.web01.cpu.load, '1h', 0, 3)
            timeSlice|timeSlice($S, '$T3', '$T2')
            movingWindow|movingWindow($S, 5)
            movingWindow|movingWindow($S, '10min', 'max')
            movingAverage|movingAverage($S, 10)
            movingAverage|movingAverage($S, '30min')
            movingAverage|movingAverage($S, 5, 0.5)
            movingMedian|movingMedian($S, 5)
            movingSum|movingSum($S, '5min')
            movingMin|movingMin($S, 5)
            movingMax|movingMax($S, 5)
            exponentialMovingAverage|exponentialMovingAverage($S, 5)
            exponentialMovingAverage|exponentialMovingAverage($S, '10min')
            aggregateLine|aggregateLine($S)
            aggregateLine|aggregateLine($S, 'max', true)
            nPercentile|nPercentile($S, 90)
            stdev|stdev($S, 5)
            highest|highest($S, 2)
            highest|highest($S, 2, 'max')
            lowest|lowest($S, 2, 'sum')
            highestCurrent|highestCurrent($S, 2)
            highestMax|highestMax($S, 1)
            highestAverage|highestAverage($S, 2)
            lowestCurrent|lowestCurrent($S, 1)
            lowestAverage|lowestAverage($S, 1)
            filterSeries|filterSeries($S, 'max', '>', 4)
            filterSeries|filterSeries($S, 'last', '<=', 3)
            averageAbove|averageAbove($S, 2.5)
            averageBelow|averageBelow($S, 2.5)
            currentAbove|currentAbove($S, 2)
            currentBelow|currentBelow($S, 2)
            maximumAbove|maximumAbove($S, 4)
            maximumBelow|maximumBelow($S, 4)
            minimumAbove|minimumAbove($S, 1)
            minimumBelow|minimumBelow($S, 1)
            limit|limit($S, 2)
            exclude|exclude($S, 'web0[12]')
            grep|grep($S, 'web0[12]')
            removeEmptySeries|removeEmptySeries(group($S, nosuch.metric))
            removeEmptySeries|removeEmptySeries(apps.sparse.value, 0.5)
            unique|unique($S, servers.web01.cpu.load)
            mostDeviant|mostDeviant($S, 2)
            averageOutsidePercentile|averageOutsidePercentile($S, 75)
            removeBetweenPercentile|removeBetweenPercentile($S, 30)
            removeBetweenPercentile|removeBetweenPercentile(servers.web0[14].cpu.load, 30)
            useSeriesAbove|useSeriesAbove($S, 4, 'cpu.load', 'http.requests')
            useSeriesAbove|useSeriesAbove(servers.web0[14].cpu.load, 4, 'cpu.load', 'http.requests')
            removeAboveValue|removeAboveValue($S, 3)
            removeBelowValue|removeBelowValue($S, 3)
            removeAbovePercentile|removeAbovePercentile($S, 50)
            removeBelowPercentile|removeBelowPercentile($S, 50)
            sortBy|sortBy($S)
            sortBy|sortBy($S, 'max', true)
            sortByTotal|sortByTotal($S)
            sortByMaxima|sortByMaxima($S)
            sortByMinima|sortByMinima($S)
            sortByName|sortByName(group(apps.*.value, $S))
            sortByName|sortByName($S, true, true)
            alias|alias($S, 'load')
            aliasByNode|aliasByNode($S, 1)
            aliasByNode|aliasByNode($S, 1, -1)
            aliasByNode|aliasByNode(perSecond($R), 1)
            aliasByTags|aliasByTags($S, 1, 'name')
            aliasByMetric|aliasByMetric($S)
            aliasByMetric|aliasByMetric(scale($S, 2))
            aliasSub|aliasSub($S, '^servers\\.(\\w+)\\..*', '\\1 host')
            aliasSub|aliasSub($S, "(^.*$)", "\\1 A")
            aliasSub|aliasSub($S, 'web(?P<n>\\d+)', 'w\\g<n>')
            aliasQuery|aliasQuery(servers.web01.cpu.load, 'cpu.load', 'http.requests', 'reqs %d')
            substr|substr($S, 1, 2)
            substr|substr(scale($S, 2), 1)
            legendValue|legendValue($S, 'avg', 'max')
            legendValue|legendValue($S, 'last', 'si')
            constantLine|constantLine(100)
            constantLine|constantLine(1.5)
            consolidateBy|consolidateBy($S, 'max')
            cumulative|cumulative($S)
            setXFilesFactor|setXFilesFactor($S, 0.5)
            xFilesFactor|xFilesFactor($S, 0.1)
            fallbackSeries|fallbackSeries(nosuch.metric, $S)
            fallbackSeries|fallbackSeries(servers.web01.cpu.load, $S)
            changed|changed(apps.sparse.value)
            changed|changed($S)
            identity|identity('the.time')
            timeFunction|timeFunction('t')
            time|time('t', 120)
            sinFunction|sinFunction('s', 2, 300)
            sin|sin('s')
            threshold|threshold(5)
            threshold|threshold(5, 'limit')
            color|color($S, 'red')
            alpha|alpha($S, 0.5)
            lineWidth|lineWidth($S, 2)
            secondYAxis|secondYAxis($S)
            drawAsInfinite|drawAsInfinite($S)
            dashed|dashed($S)
            stacked|stacked($S)
            areaBetween|areaBetween(servers.web0[12].cpu.load)
            map|map(servers.*.*.*, 1)
            holtWintersForecast|holtWintersForecast($S, '1d', '1h')
            holtWintersConfidenceBands|holtWintersConfidenceBands($S, 3, '1d', '1h')
            holtWintersConfidenceArea|holtWintersConfidenceArea($H, 2, '1d', '2h')
            holtWintersAberration|holtWintersAberration($S, 1, '1d', '1h')
            linearRegression|linearRegression($S)
            linearRegression|linearRegression($S, '$T12', '$T2')
            applyByNode|applyByNode(servers.web0[1-4].*.*, 1, 'sumSeries(%.*.*)')
            applyByNode|applyByNode(servers.web0[1-4].*.*, 1, 'maxSeries(%.*.*)', '%.max')
            reduceSeries|reduceSeries(mapSeries($A, 1), 'divideSeries', 2, 'http', 'cpu')
            reduce|reduce(mapSeries($A, 1), 'asPercent', 2, 'cpu', 'http')
            cactiStyle|cactiStyle($S)
            cactiStyle|cactiStyle(apps.big.value, 'si')
            cactiStyle|cactiStyle(apps.big.value, 'binary', 'B')
            cactiStyle|cactiStyle($S, None, 'load')
            verticalLine|verticalLine('$T3', 'deploy')
            pipe|$S|sumSeries()|alias('piped')
            keyword|summarize($S, intervalString='1h', func='max')
            json-maxDataPoints|$S|&maxDataPoints=50
            json-maxDataPoints|sumSeries($S)|&maxDataPoints=1
            json-maxDataPoints|consolidateBy($S, 'sum')|&maxDataPoints=37
            json-maxDataPoints|consolidateBy(apps.sparse.value, 'last')|&maxDataPoints=20
            json-noNullPoints|apps.sparse.value|&noNullPoints=1
            csv|group($S, apps.big.value)|&format=csv
            raw|group($S, apps.big.value)|&format=raw
            seriesByTag|seriesByTag('name=disk.used')
            seriesByTag|seriesByTag('name=disk.used', 'host=~web0[12]')
            seriesByTag|seriesByTag('dc=eu')
            seriesByTag|seriesByTag('name=nosuch')
            aliasByTags|aliasByTags(seriesByTag('name=disk.used'), 'host', 'dc')
            sumSeries|sumSeries(seriesByTag('name=disk.used'))
            events|events('*')|&maxDataPoints=60
            events|events('deploy', 'web')|&maxDataPoints=60
            randomWalk|randomWalk('walk')
            randomWalkFunction|randomWalkFunction('walk', 300)
            """;
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).map(line -> {
            String[] parts = line.split("\\|", 2);
            String rest = parts[1].replace("$S", S).replace("$R", R)
                    .replace("$H", "servers.web01.cpu.load").replace("$A", "servers.web0[1-4].*.*");
            String extra = "";
            int amp = rest.indexOf("|&");
            if (amp >= 0) {
                extra = rest.substring(amp + 1);
                rest = rest.substring(0, amp);
            }
            return new Case(parts[0], rest, extra,
                    RANDOM.contains(parts[0]) ? Kind.RANDOM : Kind.PLAIN);
        }).toList();
    }
}
